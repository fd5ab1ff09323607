import Foundation
import SatchelServer
import SatchelShared
import Testing
@testable import SatchelClient
import SatchelStores

/// Two machines of one reader sync through a proxy that cuts connections mid-request and mid-response:
/// every article, draft and comment ends on the server exactly once, and both machines agree.
///
/// `SATCHEL_FAULT_ROUNDS` sets the rounds of work (default 20), `SATCHEL_FAULT_SEED` the random seed.
@Suite("Faults: connections cut mid-request and mid-response")
struct CutConnectionTests {
    static let rounds = ProcessInfo.processInfo.environment["SATCHEL_FAULT_ROUNDS"].flatMap(Int.init) ?? 20

    @Test("every article, draft and comment reaches the server exactly once; both machines agree")
    func cutConnections() async throws {
        try await TestServer.run { baseURL, dependencies in
            try await DemoContent.load(into: dependencies)
            let seed = FaultSeed.value
            let upstreamPort = try #require(URLComponents(string: baseURL)?.port)
            let proxy = try CuttingProxy(upstreamPort: upstreamPort, seed: seed)
            defer { proxy.stop() }
            let direct = SatchelAPI(transport: CurlTransport(baseURL: baseURL))
            let account = try await direct.register(username: "commuter", password: "correct horse", email: "c@example.com")
            let postIds = try await direct.posts(limit: 20).items.filter { $0.commentStatus == .open }.map(\.id)
            try #require(!postIds.isEmpty, "the demo content has posts open for comments")

            let directory = try FaultDirectory.make("cut")
            defer { try? FileManager.default.removeItem(at: directory) }
            let proxied = "http://127.0.0.1:\(proxy.port)"
            let machines = try ["a", "b"].map { name in
                FaultMachine(name: name, store: try LocalStore(
                    path: directory.appendingPathComponent("machine-\(name).sqlite").path,
                    server: SatchelAPI(transport: CurlTransport(baseURL: proxied), token: account.token),
                    environment: FaultMachine.fastBackoff))
            }
            var work = CutWorkload(machines: machines, postIds: postIds, seed: seed)
            for round in 0..<Self.rounds {
                try work.writeRound(round)
                for machine in machines { try await machine.syncRetrying() }
            }
            // Each machine must hold the other's records before editing them.
            for machine in machines { try await machine.syncRetrying() }
            try work.editEachOther()
            for _ in 0..<2 { for machine in machines { try await machine.syncRetrying() } }

            let feed = try await Self.pullAll(direct.authenticated(account.token))
            let comments = try await Self.allComments(on: postIds, in: dependencies)
            let verdict = work.verdict(feed: feed, serverComments: comments)
            let cuts = proxy.counts
            let retries = machines.reduce(into: SyncRetries()) { $0.add($1.retries) }
            print("FAULT cut seed=\(seed) operations=\(work.operations) connections=\(cuts.connections) "
                + "requestCuts=\(cuts.requestCuts) responseCuts=\(cuts.responseCuts) articles=\(work.articles.count) "
                + "drafts=\(work.drafts.count) comments=\(work.comments.count) losses=\(verdict.losses) "
                + "duplicates=\(verdict.duplicates) syncsRunAgainAfterRetriesExhausted=\(retries)")
            #expect(cuts.requestCuts > 0 && cuts.responseCuts > 0, "the proxy cut requests and responses")
            #expect(verdict.losses == 0, "records or comments missing on the server: \(verdict.missing.prefix(5))")
            #expect(verdict.duplicates == 0, "records or comments on the server more than once")
            #expect(verdict.unexpected == 0, "records on the server that neither machine wrote")
            for machine in machines {
                let status = try machine.store.status()
                #expect(status.pendingChanges == 0 && status.openConflicts == 0, "machine \(machine.name): \(status)")
                #expect(status.deadLetters.isEmpty, "machine \(machine.name) set aside: \(status.deadLetters.map(\.reason))")
                #expect(try machine.store.queuedComments().allSatisfy { $0.state == .synced })
            }
            // `updatedAt` is each machine's own time of its last local change, not a synced field.
            let articles = try machines.map { machine in
                try machine.store.articles().map { synced in
                    var article = synced.value
                    article.updatedAt = .distantPast
                    return article
                }.sorted(by: Self.byId)
            }
            let sameArticles = articles[0] == articles[1]
            #expect(sameArticles, "both machines hold the same articles: \(Self.difference(articles))")
            let drafts = try machines.map { machine in
                try machine.store.drafts().map { synced in
                    var draft = synced.value
                    draft.updatedAt = .distantPast
                    return draft
                }.sorted(by: Self.byId)
            }
            let sameDrafts = drafts[0] == drafts[1]
            #expect(sameDrafts, "both machines hold the same drafts: \(Self.difference(drafts))")
            #expect(try machines[0].store.articles().count == work.articles.count)
            #expect(try machines[1].store.drafts().count == work.drafts.count)
        }
    }

    /// The first records on which two machines' lists differ, for the failure message.
    private static func difference<T: Equatable>(_ lists: [[T]]) -> String {
        let pairs = zip(lists[0], lists[1]).filter { $0 != $1 }.prefix(2)
        return "counts \(lists[0].count) and \(lists[1].count); first differences: \(Array(pairs))"
    }

    private static func byId<T: Identifiable>(_ lhs: T, _ rhs: T) -> Bool where T.ID == UUID {
        lhs.id.uuidString < rhs.id.uuidString
    }

    /// The reader's whole feed, read straight from the server (not through the proxy).
    private static func pullAll(_ api: SatchelAPI) async throws -> [SyncChange] {
        var changes: [SyncChange] = []
        var cursor: String?
        while true {
            let page = try await api.pull(cursor: cursor, limit: SyncLimits.maxPullPage)
            changes += try page.changes.map { try $0.parsed() }
            cursor = page.cursor
            if !page.hasMore { return changes }
        }
    }

    /// Every comment on `postIds` in every moderation status, from the server's store.
    private static func allComments(on postIds: [UUID], in dependencies: ServerDependencies) async throws -> [Comment] {
        var all: [Comment] = []
        for postId in postIds {
            for status in CommentModerationStatus.allCases {
                var position = CommentListPosition.start
                while true {
                    let page = try await dependencies.comments.comments(postId: postId, status: status, limit: 100, position: position)
                    all += page.comments
                    guard let next = page.next else { break }
                    position = next
                }
            }
        }
        return all
    }
}
