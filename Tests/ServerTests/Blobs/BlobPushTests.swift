import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import SatchelSync
import Testing
@testable import SatchelServer

/// Pushes referencing blobs (PROTOCOL §13.2) and their garbage collection (§13.6).
@Suite("Blobs in pushes, and their collection")
struct BlobPushTests {
    func push(_ server: LiveServer, _ mutations: [Mutation], token: String) async throws -> [MutationResult] {
        let response = try await server.send(.post, "/v1/sync/push", sync: PushRequest(clientId: "c", mutations: mutations), token: token)
        #expect(response.status == .ok, "\(response.bodyText)")
        return try response.decode(PushResponse.self).results
    }

    @Test("a mutation naming a missing blob is rejected blobs-missing, not stored; after the upload it applies once",
          arguments: StoreKind.allCases)
    func missingBlobRejected(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, token) = try await server.register("reader")
            let bytes = BlobFixtures.bytes(10_000)
            let digest = BlobFixtures.digest(bytes)
            let record = UUID(), other = UUID()
            let create = BlobFixtures.article(record, attaching: [digest])
            var update = Mutation(
                entity: .savedArticle, recordId: record, op: .update, baseVersion: 1, hlc: create.hlc,
                fields: ["title": FieldChange(base: .string(""), value: .string("later"))])
            update.hlc = HLCTimestamp(wallMillis: create.hlc.wallMillis + 1, counter: 0, node: "t")
            let unrelated = BlobFixtures.article(other, attaching: [])
            let first = try await push(server, [create, unrelated, update], token: token)
            #expect(first.map(\.id) == [create.id, unrelated.id, update.id], "results stay in request order")
            #expect(first[0].status == .rejected && first[0].code == BlobLimits.missingBlobsCode)
            #expect(first[0].reason?.contains(digest.text) == true)
            #expect(first[1].status == .applied && first[1].version == 1)
            #expect(first[2].status == .rejected && first[2].code == BlobLimits.missingBlobsCode,
                    "a later change of the same record waits with it")
            let pulled = try await server.send(.get, "/v1/sync/pull", token: token).decode(PullResponse.self)
            #expect(pulled.changes.map(\.recordId) == [other])
            #expect(try await server.putBlob(bytes, token: token).status == .created)
            let second = try await push(server, [create, unrelated, update], token: token)
            #expect(second[0].status == .applied && second[0].version == 2)
            #expect(second[1] == first[1], "the unrelated mutation's stored result is replayed")
            #expect(second[2].status == .applied && second[2].version == 3)
            let third = try await push(server, [create, update], token: token)
            #expect(third == [second[0], second[2]], "applied exactly once")
            let feed = try await server.send(.get, "/v1/sync/pull", token: token).decode(PullResponse.self)
            #expect(feed.changes.count == 2)
        }
    }

    @Test("deleting the only referencing record removes the blob after the grace; a shared blob stays while one record remains")
    func collection() async throws {
        let clock = ManualClock(Date())
        let limits = BlobServerLimits(grace: 3_600)
        try await LiveServer.run(clock: clock.function, blobLimits: limits) { server in
            let (_, token) = try await server.register("reader")
            let lonely = BlobFixtures.bytes(100, seed: 1), shared = BlobFixtures.bytes(100, seed: 2)
            let asked = BlobFixtures.bytes(100, seed: 3)
            for bytes in [lonely, shared, asked] { #expect(try await server.putBlob(bytes, token: token).status == .created) }
            let (one, two) = (UUID(), UUID())
            let created = try await push(server, [
                BlobFixtures.article(one, attaching: [BlobFixtures.digest(shared)]),
                BlobFixtures.article(two, attaching: [BlobFixtures.digest(shared), BlobFixtures.digest(lonely)]),
            ], token: token)
            #expect(created.allSatisfy { $0.status == .applied })
            let delete = Mutation(
                entity: .savedArticle, recordId: two, op: .delete, baseVersion: 2,
                hlc: HLCTimestamp(wallMillis: Int64(clock.now.timeIntervalSince1970 * 1000) + 10, counter: 0, node: "t"))
            #expect(try await push(server, [delete], token: token)[0].status == .applied)
            func sweep(after seconds: TimeInterval) async throws {
                clock.advance(seconds)
                _ = try await server.send(.get, "/v1/sync/pull", token: token)
            }
            try await sweep(after: 61)
            clock.advance(3_000)
            // Asked about shortly before the grace runs out: kept for a grace from the question.
            _ = try await server.send(.post, "/v1/blobs/missing", json: MissingBlobsRequest(digests: [BlobFixtures.digest(asked)]), token: token)
            try await sweep(after: 700)
            let status = { (bytes: [UInt8]) in
                try await server.blobRequest(.head, "/v1/blobs/\(BlobFixtures.digest(bytes).text)", token: token).status
            }
            #expect(try await status(lonely) == .notFound, "unreferenced for longer than the grace: deleted")
            #expect(try await status(shared) == .ok, "record one still references it")
            #expect(try await status(asked) == .ok, "asked about within the grace")
            try await sweep(after: 3_700)
            #expect(try await status(asked) == .notFound)
            #expect(try await status(shared) == .ok)
            #expect(try await server.blobUsage(token: token).count == 1)
        }
    }
}
