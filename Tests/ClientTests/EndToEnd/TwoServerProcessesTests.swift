import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
@testable import SatchelServer
import SatchelSync
@testable import SatchelStores

@Suite("Two server processes over one PostgreSQL database")
struct TwoServerProcessesTests {
    @Test("machine A on one server and machine B on the other converge: articles, a draft, a queued comment")
    func machinesConverge() async throws {
        try await TwoServerProcesses.run { servers in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-2p-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let account = try await SatchelAPI(transport: CurlTransport(baseURL: servers.first))
                .register(username: "reader", password: "correct horse", email: "r@example.com")
            let lossy = LoseFirstPushResponse(CurlTransport(baseURL: servers.first))
            let a = try LocalStore(
                path: directory.appendingPathComponent("machine-a.sqlite").path,
                server: SatchelAPI(transport: lossy, token: account.token))
            let apiB = SatchelAPI(transport: CurlTransport(baseURL: servers.second), token: account.token)
            let b = try LocalStore(path: directory.appendingPathComponent("machine-b.sqlite").path, server: apiB)

            // A post written through the second process, commented on through the first.
            let author = try await servers.secondDependencies.accounts.createUser(StoredUser(
                user: User(id: UUID(), username: "writer", displayName: "Writer", email: "w@example.com",
                           role: .author, createdAt: Date()), passwordHash: "x"))
            let now = Date()
            let post = try await servers.secondDependencies.posts.createPost(Post(
                id: UUID(), slug: "two-processes", title: "Two processes", excerpt: "", body: "b",
                author: author.author, tags: [], status: .published, publishedAt: now, createdAt: now, updatedAt: now,
                wordCount: 1, readingTimeMinutes: 1, commentStatus: .open, commentCount: 0, version: 1))

            // A's first push (a queued comment and an article) loses its response; the retry replays it.
            let queued = try a.queueComment(postId: post.id, body: "Written on the train")
            let fromA = try a.saveArticle(url: "https://example.com/from-a", title: "From A")
            try await a.sync()
            #expect(lossy.didLose, "the first push's response was really lost")
            let comments = try await apiB.comments(postId: post.id)
            #expect(comments.items.map(\.id) == [queued.id], "exactly one comment, seen through the other process")
            #expect(try a.queuedComments().first?.state == .synced)

            let fromB = try b.saveArticle(url: "https://example.com/from-b", title: "From B")
            try await b.sync()
            try await a.sync()
            for machine in [a, b] {
                #expect(try machine.article(fromA.id)?.value.title == "From A")
                #expect(try machine.article(fromB.id)?.value.title == "From B")
            }

            // One draft edited offline on both machines, each syncing through its own process.
            let base = "Para one.\n\nPara two.\n\nPara three.\n"
            let draft = try a.createDraft(title: "Essay", body: base)
            try await a.sync()
            try await b.sync()
            try a.updateDraft(draft.id, body: base.replacingOccurrences(of: "Para one.", with: "Para one, from A."))
            try b.updateDraft(draft.id, body: base.replacingOccurrences(of: "Para three.", with: "Para three, from B."))
            try await a.sync()
            try await b.sync()
            try await a.sync()
            let merged = "Para one, from A.\n\nPara two.\n\nPara three, from B.\n"
            #expect(try a.draft(draft.id)?.value.body == merged)
            #expect(try b.draft(draft.id)?.value.body == merged)
            #expect(try a.conflicts().isEmpty && b.conflicts().isEmpty)
        }
    }

    @Test("concurrent pushes for one user through both processes, interleaved with pulls: every change once, none skipped")
    func concurrentPushesAndPulls() async throws {
        try await TwoServerProcesses.run { servers in
            let account = try await SatchelAPI(transport: CurlTransport(baseURL: servers.first))
                .register(username: "busy", password: "correct horse", email: "b@example.com")
            let apis = [servers.first, servers.second].map {
                SatchelAPI(transport: CurlTransport(baseURL: $0), token: account.token)
            }
            let pushers = 6, pushesEach = 6, batchSize = 10
            let total = pushers * pushesEach * batchSize
            let pullers = 3
            let seen = try await withThrowingTaskGroup(of: [Int]?.self) { group in
                for pusher in 0..<pushers {
                    group.addTask {
                        var clock = HybridLogicalClock(node: "pusher-\(pusher)")
                        for push in 0..<pushesEach {
                            let mutations = (0..<batchSize).map { index in
                                Mutation(entity: .savedArticle, recordId: UUID(), op: .create,
                                         hlc: clock.now(physicalMillis: Int64(Date().timeIntervalSince1970 * 1000)),
                                         fields: ["url": FieldChange(base: nil, value: .string("https://x.test/\(pusher)/\(push)/\(index)"))])
                            }
                            let response = try await apis[(pusher + push) % 2].push(
                                PushRequest(clientId: "pusher-\(pusher)", mutations: mutations))
                            #expect(response.results.allSatisfy { $0.status == .applied })
                        }
                        return nil
                    }
                }
                for puller in 0..<pullers {
                    group.addTask {
                        var versions: [Int] = []
                        var cursor: String?
                        var round = 0
                        // Bounded by rounds, not time: a skipped change would leave the last version unseen.
                        while versions.last != total && round < 20_000 {
                            let page = try await apis[(puller + round) % 2].pull(cursor: cursor, limit: 25)
                            versions += page.changes.map(\.version)
                            cursor = page.cursor
                            round += 1
                        }
                        return versions
                    }
                }
                var seen: [[Int]] = []
                for try await versions in group { if let versions { seen.append(versions) } }
                return seen
            }
            #expect(seen.count == pullers)
            for versions in seen {
                #expect(versions == Array(1...total), "every change exactly once, in order, none skipped")
            }
        }
    }
}
