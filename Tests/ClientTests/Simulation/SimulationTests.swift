import Foundation
import Shared
import Testing
@testable import Client
@testable import Server

/// Three machines of one reader make random edits, sync in random orders over a network that loses
/// requests and responses, and must end up agreeing with the server without losing any acknowledged
/// edit or posting any comment twice.
@Suite("Seeded sync simulation")
struct SimulationTests {
    /// Seeds 1…200; `SATCHEL_SIM_SEED=N` replays one seed exactly.
    static let seeds: [UInt64] = ProcessInfo.processInfo.environment["SATCHEL_SIM_SEED"].flatMap(UInt64.init).map { [$0] }
        ?? Array(UInt64(1)...UInt64(200))

    /// Seeds are split over a few lanes that run in parallel, each seed after the other within its lane,
    /// so that only a few worlds hold files open at once.
    @Test("3 clients × 200 operations converge with the server", arguments: 0..<4)
    func converge(lane: Int) async throws {
        let mine = Self.seeds.count == 1 ? (lane == 0 ? Self.seeds : []) : Self.seeds.filter { Int($0 % 4) == lane }
        for seed in mine {
            let world = try await SimulatedWorld(seed: seed)
            try await world.run(operationsPerClient: 200)
            try await world.settle()
            try await world.check()
            try world.removeFiles()
        }
    }
}

/// One seed's world: a server, a post to comment on, three client stores.
final class SimulatedWorld: @unchecked Sendable {
    let seed: UInt64
    let clock = SimulatedClock()
    let dependencies: ServerDependencies
    let user: User
    let post: Post
    var clients: [SimulatedClient] = []
    var generator: SeededGenerator
    let directory: URL

    init(seed: UInt64) async throws {
        self.seed = seed
        generator = SeededGenerator(seed: seed)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-sim-\(seed)-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("server.sqlite").path)
        let clock = self.clock
        dependencies = ServerDependencies(store: store, passwords: PasswordHasher(cost: 4), clock: { clock.now })
        user = try await store.createUser(StoredUser(
            user: User(id: UUID(), username: "reader", displayName: "Reader", email: "r@example.com", role: .author,
                       createdAt: clock.now), passwordHash: "x"))
        post = try await store.createPost(Post(
            id: UUID(), slug: "p", title: "P", excerpt: "", body: "b", author: user.author, tags: [], status: .published,
            publishedAt: clock.now, createdAt: clock.now, updatedAt: clock.now, wordCount: 1, readingTimeMinutes: 1,
            commentStatus: .open, commentCount: 0, version: 1))
        for index in 0..<3 {
            let network = FlakySyncServer(
                service: SyncService(dependencies: dependencies), user: user, seed: seed &* 31 &+ UInt64(index),
                lossRate: 0.15)
            let environment = ClientEnvironment(
                now: { clock.now }, random: { 0.5 }, sleep: { seconds in clock.advance(seconds) })
            let store = try LocalStore(
                path: directory.appendingPathComponent("client-\(index).sqlite").path, server: network,
                environment: environment, fsyncEveryCommit: false)
            clients.append(SimulatedClient(name: "c\(index)", store: store, network: network))
        }
    }

    func random(_ range: Range<Int>) -> Int { Int.random(in: range, using: &generator) }

    func removeFiles() throws { try FileManager.default.removeItem(at: directory) }

    /// Interleaves the clients' operations in a seeded random order, with syncs among them.
    func run(operationsPerClient: Int) async throws {
        var remaining = Array(repeating: operationsPerClient, count: clients.count)
        while remaining.contains(where: { $0 > 0 }) {
            let index = random(0..<clients.count)
            guard remaining[index] > 0 else { continue }
            remaining[index] -= 1
            clock.advance(Double(random(1..<2_000)) / 1000)
            let roll = random(0..<100)
            if roll < 12 {
                _ = try? await clients[index].store.sync()
            } else {
                try clients[index].operate(roll: roll, world: self)
            }
        }
    }

    /// Heals the network and syncs every client until all agree.
    func settle() async throws {
        for client in clients { client.network.setLossRate(0) }
        for _ in 0..<2 {
            for client in clients { try await client.store.sync() }
        }
    }

    /// Convergence, no lost acknowledged edit, no duplicated comment.
    func check() async throws {
        let service = SyncService(dependencies: dependencies)
        var serverRecords: [UUID: SyncChange] = [:]
        var cursor: String?
        repeat {
            let page = try await service.pull(user: user, cursor: cursor, limit: 1_000)
            for change in page.changes { serverRecords[change.recordId] = change }
            cursor = page.cursor
            if !page.hasMore { break }
        } while true
        let live = serverRecords.values.filter { !$0.deleted && ($0.entity == .savedArticle || $0.entity == .draft) }
        let expected = Dictionary(uniqueKeysWithValues: live.map { ($0.recordId, $0.record) })
        for client in clients {
            let status = try client.store.status()
            #expect(status.pendingChanges == 0, "seed \(seed): \(client.name) still has pending changes")
            #expect(status.deadLetters.isEmpty, "seed \(seed): \(client.name) dead letters \(status.deadLetters.map(\.reason))")
            let local = try client.snapshot()
            #expect(Set(local.keys) == Set(expected.keys), "seed \(seed): \(client.name) holds other records than the server")
            for (id, record) in expected where local[id] != record {
                Issue.record("seed \(seed): \(client.name) disagrees on \(id): \(local[id]?.description ?? "nil") vs \(record)")
            }
        }
        // Every acknowledged token of a surviving draft is in its body or in one of its conflict records.
        let conflicts = serverRecords.values.filter { $0.entity == .conflict }.map(\.record.description)
        for client in clients {
            for (draftId, tokens) in client.tokens {
                guard let body = expected[draftId].flatMap({ record -> String? in
                    if case .object(let fields) = record { return fields["body"]?.stringValue }
                    return nil
                }) else { continue }
                for token in tokens where !body.contains(token) {
                    #expect(conflicts.contains { $0.contains(token) }, "seed \(seed): token \(token) of \(draftId) was lost")
                }
            }
        }
        // Every queued comment is on the server exactly once.
        let queued = try clients.flatMap { try $0.store.queuedComments() }
        let page = try await dependencies.comments.comments(postId: post.id, status: .approved, limit: 10_000, position: .start)
        let held = try await dependencies.comments.comments(postId: post.id, status: .pending, limit: 10_000, position: .start)
        let serverIds = (page.comments + held.comments).map(\.id)
        #expect(serverIds.count == Set(serverIds).count, "seed \(seed): a comment was posted twice")
        #expect(Set(serverIds) == Set(queued.map(\.id)), "seed \(seed): queued and posted comments differ")
        #expect(queued.allSatisfy { $0.moderation != nil }, "seed \(seed): a comment never learned its status")
    }
}

/// One machine of the simulation and the edits it made.
final class SimulatedClient: @unchecked Sendable {
    let name: String
    let store: LocalStore
    let network: FlakySyncServer
    var articles: [UUID] = []
    var drafts: [UUID] = []
    var tokens: [UUID: [String]] = [:]
    var counter = 0

    init(name: String, store: LocalStore, network: FlakySyncServer) {
        self.name = name
        self.store = store
        self.network = network
    }

    /// One random operation. A record another machine deleted disappears here at the next pull; an edit
    /// of it then fails with `notFound` and the id is forgotten.
    func operate(roll: Int, world: SimulatedWorld) throws {
        do {
            try attempt(roll: roll, world: world)
        } catch LocalStoreError.notFound {
            articles = try articles.filter { try store.article($0) != nil }
            drafts = try drafts.filter { try store.draft($0) != nil }
        }
    }

    private func attempt(roll: Int, world: SimulatedWorld) throws {
        counter += 1
        let token = "\(name)t\(counter)"
        let liveArticles = articles
        let liveDrafts = drafts
        switch roll {
        case 12..<22:
            articles.append(try store.saveArticle(url: "https://example.com/\(token)", title: token).id)
        case 22..<32:
            drafts.append(try store.createDraft(title: token, body: "intro \(token)\n").id)
        case 32..<70 where !liveDrafts.isEmpty:
            let id = liveDrafts[world.random(0..<liveDrafts.count)]
            guard var lines = try store.draft(id)?.value.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) else {
                throw LocalStoreError.notFound("draft")
            }
            lines.insert(token, at: world.random(0..<lines.count))
            try store.updateDraft(id, body: lines.joined(separator: "\n"))
            tokens[id, default: []].append(token)
        case 70..<90 where !liveArticles.isEmpty:
            let id = liveArticles[world.random(0..<liveArticles.count)]
            switch world.random(0..<5) {
            case 0: try store.setProgress(id, Double(world.random(0..<101)) / 100)
            case 1: try store.tag(id, add: [token], remove: try store.article(id)?.value.tags.prefix(1).map { $0 } ?? [])
            case 2: try store.favorite(id, world.random(0..<2) == 0)
            case 3: try store.archive(id, world.random(0..<2) == 0)
            default: try store.setNote(id, (try store.article(id)?.value.note ?? "") + token + "\n")
            }
        case 90..<94 where !liveArticles.isEmpty:
            let id = liveArticles[world.random(0..<liveArticles.count)]
            articles.removeAll { $0 == id }
            try store.deleteArticle(id)
        case 94..<96 where !liveDrafts.isEmpty:
            let id = liveDrafts[world.random(0..<liveDrafts.count)]
            drafts.removeAll { $0 == id }
            try store.deleteDraft(id)
        default:
            try store.queueComment(postId: world.post.id, body: "Comment \(token)")
        }
    }

    /// The client's live articles and drafts as the server would show them.
    func snapshot() throws -> [UUID: JSONValue] {
        var result: [UUID: JSONValue] = [:]
        for entity in [SyncEntity.savedArticle, .draft] {
            for (record, _) in try store.synced(entity) { result[record.id] = .object(record.fields) }
        }
        return result
    }
}
