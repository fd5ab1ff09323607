import Foundation
import SatchelShared
@testable import SatchelClient
import SatchelSync

/// A sync client that pushes batches of new saved articles and retries a batch, with the same mutation
/// ids, until the server acknowledges it; it keeps every acknowledged result to check the feed against.
actor BatchPusher {
    private let api: SatchelAPI
    private var generator: SeededGenerator
    private var clock = HybridLogicalClock(node: "fault-pusher")
    /// Each acknowledged mutation's first answer, by mutation id.
    private var acknowledged: [UUID: MutationResult] = [:]
    /// The record each mutation created.
    private var recordOfMutation: [UUID: UUID] = [:]
    private var lastBatch: [Mutation] = []
    private var requests = 0
    private var interruptedAttempts = 0
    private var retriedBatches = 0
    private var changedAnswers = 0

    init(api: SatchelAPI, seed: UInt64) {
        self.api = api
        generator = SeededGenerator(seed: seed)
    }

    /// Pushes a batch of 50 to 300 new records, retrying until it is acknowledged.
    func pushNewBatch() async throws {
        let size = Int.random(in: 50...300, using: &generator)
        let batch = (0..<size).map { _ in makeCreate() }
        let results = try await pushUntilAcknowledged(batch)
        for (mutation, result) in zip(batch, results) {
            acknowledged[mutation.id] = result
            recordOfMutation[mutation.id] = mutation.recordId
        }
        lastBatch = batch
    }

    /// Sends the last acknowledged batch again and counts answers that differ from the first ones.
    func repushLastBatch() async throws {
        guard !lastBatch.isEmpty else { return }
        let results = try await pushUntilAcknowledged(lastBatch)
        for (mutation, result) in zip(lastBatch, results) where acknowledged[mutation.id] != result {
            changedAnswers += 1
        }
    }

    /// Every change in the user's feed, following the cursor to the end.
    func pullAll() async throws -> [SyncChange] {
        var changes: [SyncChange] = []
        var cursor: String?
        while true {
            let from = cursor
            let page = try await retrying { [api] in try await api.pull(cursor: from, limit: SyncLimits.maxPullPage) }
            changes += try page.changes.map { try $0.parsed() }
            cursor = page.cursor
            if !page.hasMore { return changes }
        }
    }

    /// What the run shows, measured against `feed`.
    func figures(feed: [SyncChange], kills: Int) -> KillFigures {
        var appearances: [UUID: [SyncChange]] = [:]
        for change in feed { appearances[change.recordId, default: []].append(change) }
        var losses = 0, duplicates = 0
        for (mutationId, result) in acknowledged {
            guard let record = recordOfMutation[mutationId], let seen = appearances[record] else {
                losses += 1
                continue
            }
            // One create per record: a second application would show as a second entry or a later version.
            if seen.count != 1 || seen[0].version != result.version || seen[0].deleted { duplicates += 1 }
        }
        let pushed = Set(recordOfMutation.values)
        let unexpected = appearances.keys.filter { !pushed.contains($0) }.count
        return KillFigures(
            kills: kills, requests: requests, interruptedAttempts: interruptedAttempts, retriedBatches: retriedBatches,
            acknowledged: acknowledged.count, feedChanges: feed.count, losses: losses, duplicates: duplicates,
            changedAnswers: changedAnswers, unexpected: unexpected)
    }

    private func makeCreate() -> Mutation {
        let recordId = UUID.timeOrdered()
        let stamp = clock.now(physicalMillis: Int64(Date().timeIntervalSince1970 * 1_000))
        return Mutation(entity: .savedArticle, recordId: recordId, op: .create, hlc: stamp, fields: [
            "url": FieldChange(base: nil, value: .string("https://example.com/fault/\(recordId)")),
            "title": FieldChange(base: nil, value: .string("Pushed through kills")),
            "note": FieldChange(base: nil, value: .string("n\(Int.random(in: 0...1_000_000, using: &generator))")),
        ])
    }

    /// Pushes `batch` until the server answers it, with the same ids every time.
    private func pushUntilAcknowledged(_ batch: [Mutation]) async throws -> [MutationResult] {
        let request = PushRequest(clientId: "fault-pusher", mutations: batch)
        let before = interruptedAttempts
        let response = try await retrying { [api] in try await api.push(request) }
        if interruptedAttempts > before { retriedBatches += 1 }
        guard response.results.map(\.id) == batch.map(\.id) else {
            throw FaultTestFailure("the push answered other mutation ids than it was sent")
        }
        let refused = response.results.filter { $0.status == .rejected }
        guard refused.isEmpty else { throw FaultTestFailure("the server rejected a mutation: \(refused[0].reason ?? "")") }
        return response.results
    }

    /// Runs `call` until it succeeds; transport failures and 5xx (the server down or starting) are retried,
    /// anything else fails the test. Bounded: 3,000 attempts of at least 20 ms.
    private func retrying<Value: Sendable>(_ call: @Sendable () async throws -> Value) async throws -> Value {
        requests += 1
        for _ in 0..<3_000 {
            do {
                return try await call()
            } catch let error as TransportError where error.isRetryable || Self.isCutResponse(error) {
                interruptedAttempts += 1
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        throw FaultTestFailure("the server did not come back")
    }

    /// A 2xx answer whose body was cut off by the kill.
    private static func isCutResponse(_ error: TransportError) -> Bool {
        if case .malformedResponse = error { return true }
        return false
    }
}

/// The figures of one kill run.
struct KillFigures: CustomStringConvertible {
    var kills: Int
    var requests: Int
    var interruptedAttempts: Int
    var retriedBatches: Int
    var acknowledged: Int
    var feedChanges: Int
    var losses: Int
    var duplicates: Int
    var changedAnswers: Int
    var unexpected: Int

    var description: String {
        "kills=\(kills) requests=\(requests) interruptedAttempts=\(interruptedAttempts) retriedBatches=\(retriedBatches) "
            + "acknowledged=\(acknowledged) feedChanges=\(feedChanges) losses=\(losses) duplicates=\(duplicates) "
            + "changedAnswers=\(changedAnswers) unexpected=\(unexpected)"
    }
}
