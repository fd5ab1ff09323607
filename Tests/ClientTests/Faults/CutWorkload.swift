import Foundation
import SatchelShared
@testable import SatchelClient

/// One machine of the cut-connection test: a local store and how often its syncs had to be run again.
final class FaultMachine: @unchecked Sendable {
    let name: String
    let store: LocalStore
    private let lock = NSLock()
    private var counted = SyncRetries()

    /// The real clock with backoff waits shortened twenty times, so that retries stay quick in a test.
    static let fastBackoff = ClientEnvironment(
        now: { Date() }, random: { Double.random(in: 0..<1) },
        sleep: { seconds in try await Task.sleep(for: .milliseconds(Int64(seconds * 50))) })

    init(name: String, store: LocalStore) {
        self.name = name
        self.store = store
    }

    /// Syncs that failed and were run again by the test, by cause.
    var retries: SyncRetries { lock.withLock { counted } }

    /// Syncs, running the sync again when it gave up on a broken connection (bounded: 40 runs).
    ///
    /// The sync engine retries each step five times with backoff and then gives up, as a person would
    /// see on a flaky network; the test then syncs again, as that person would (`exhausted`). Any other
    /// failure, a cut response read as a malformed success included, fails the test.
    func syncRetrying() async throws {
        for _ in 0..<40 {
            do {
                try await store.sync()
                return
            } catch let error as TransportError where error.isRetryable {
                lock.withLock { counted.exhausted += 1 }
            }
        }
        throw FaultTestFailure("machine \(name) could not finish a sync in 40 runs")
    }
}

/// Syncs the test ran again because the engine had used up its retries.
struct SyncRetries: Sendable, CustomStringConvertible {
    var exhausted = 0

    mutating func add(_ other: SyncRetries) {
        exhausted += other.exhausted
    }

    var description: String { "\(exhausted)" }
}

/// The writes of the cut-connection test and what the server must hold afterwards.
struct CutWorkload {
    let machines: [FaultMachine]
    let postIds: [UUID]
    private var generator: SeededGenerator
    /// Articles saved, by id, on either machine.
    private(set) var articles: Set<UUID> = []
    /// Drafts written, by id, on either machine.
    private(set) var drafts: Set<UUID> = []
    /// Comments queued: body → post.
    private(set) var comments: [String: UUID] = [:]
    /// Local writes made.
    private(set) var operations = 0
    private var draftsOf: [String: [UUID]] = [:]
    private var articlesOf: [String: [UUID]] = [:]

    init(machines: [FaultMachine], postIds: [UUID], seed: UInt64) {
        self.machines = machines
        self.postIds = postIds
        generator = SeededGenerator(seed: seed &+ 7)
    }

    /// Each machine saves articles, writes and edits drafts, and queues comments.
    mutating func writeRound(_ round: Int) throws {
        for machine in machines {
            for index in 0..<3 {
                let article = try machine.store.saveArticle(
                    url: "https://example.com/\(machine.name)/\(round)/\(index)", title: "Article \(round).\(index)",
                    tags: ["round \(round)"])
                articles.insert(article.id)
                articlesOf[machine.name, default: []].append(article.id)
                operations += 1
            }
            for index in 0..<2 {
                let draft = try machine.store.createDraft(title: "Draft \(round).\(index)", body: "First words of \(round).\(index).\n")
                drafts.insert(draft.id)
                draftsOf[machine.name, default: []].append(draft.id)
                operations += 1
            }
            if let earlier = draftsOf[machine.name]?.randomElement(using: &generator) {
                _ = try machine.store.updateDraft(earlier, body: "Rewritten in round \(round) on \(machine.name).\n")
                operations += 1
            }
            for index in 0..<2 {
                let body = "Comment \(index) of round \(round) from \(machine.name), \(UUID().uuidString.prefix(8))"
                let postId = postIds[Int.random(in: 0..<postIds.count, using: &generator)]
                try machine.store.queueComment(postId: postId, body: body)
                comments[body] = postId
                operations += 1
            }
        }
    }

    /// Each machine edits a field of records the other machine made (no field is edited on both).
    mutating func editEachOther() throws {
        let (a, b) = (machines[0], machines[1])
        for id in articlesOf[b.name] ?? [] {
            _ = try a.store.setNote(id, "Note from \(a.name)")
            operations += 1
        }
        for id in draftsOf[a.name] ?? [] {
            _ = try b.store.updateDraft(id, title: "Title from \(b.name)")
            operations += 1
        }
    }

    /// Compares the server's feed and comments with what was written.
    func verdict(feed: [SyncChange], serverComments: [Comment]) -> CutVerdict {
        var verdict = CutVerdict()
        var seen: [UUID: Int] = [:]
        for change in feed where change.entity == .savedArticle || change.entity == .draft {
            seen[change.recordId, default: 0] += 1
            if change.deleted { verdict.missing.append("deleted \(change.recordId)") }
        }
        for id in articles.union(drafts) {
            switch seen[id] ?? 0 {
            case 0: verdict.missing.append("record \(id)")
            case 1: break
            default: verdict.duplicates += 1
            }
        }
        verdict.unexpected = seen.keys.filter { !articles.contains($0) && !drafts.contains($0) }.count
        var bodies: [String: Int] = [:]
        for comment in serverComments where comments[comment.body] == comment.postId { bodies[comment.body, default: 0] += 1 }
        for body in comments.keys {
            switch bodies[body] ?? 0 {
            case 0: verdict.missing.append("comment \(body)")
            case 1: break
            default: verdict.duplicates += 1
            }
        }
        return verdict
    }
}

/// What the server holds compared with what the machines wrote.
struct CutVerdict {
    var missing: [String] = []
    var duplicates = 0
    var unexpected = 0
    var losses: Int { missing.count }
}
