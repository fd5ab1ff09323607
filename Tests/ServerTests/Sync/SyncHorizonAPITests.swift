import Foundation
import Hummingbird
import SatchelShared
import Testing
@testable import SatchelServer

/// `POST /v1/sync/push` for an edit that outlives its record's tombstone (docs/PROTOCOL.md §4.5), over
/// real HTTP on every store: the update is answered `record-purged`, the whole record sent as a create under the
/// same mutation id brings the record back on every machine with an update-wins-over-delete conflict.
@Suite("Sync API: edits across the tombstone horizon")
struct SyncHorizonAPITests {
    @Test("an update of a purged record is answered purged; the whole record under its id brings it back",
          arguments: StoreKind.allCases)
    func editAcrossHorizon(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, token) = try await server.register("reader")
            let a = SyncMachine(server, token: token, name: "machine-a")
            let b = SyncMachine(server, token: token, name: "machine-b")
            let id = UUID()
            let url = JSONValue.string("https://example.com/\(id)")
            let created = try await a.push([Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: a.stamp(), fields: [
                "url": FieldChange(base: nil, value: url), "title": FieldChange(base: nil, value: .string("T")),
            ])])
            _ = try await b.pullAll()
            _ = try await a.push([Mutation(entity: .savedArticle, recordId: id, op: .delete, baseVersion: created[0].version,
                                           hlc: a.stamp())])
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await server.dependencies.sync.purgeTombstones(before: Date()) == 1)

            let edit = Mutation(entity: .savedArticle, recordId: id, op: .update, baseVersion: created[0].version,
                                hlc: b.stamp(), fields: ["note": FieldChange(base: .string(""), value: .string("from B"))])
            let request = PushRequest(clientId: b.clientId, mutations: [edit])
            let answer = try await server.send(.post, "/v1/sync/push", sync: request, token: token)
            #expect(answer.status == .ok)
            #expect(answer.bodyText.contains("\"code\":\"record-purged\""), "\(answer.bodyText)")
            let result = try #require(try answer.decode(PushResponse.self).results.first)
            #expect(result.status == .rejected && result.code == RejectionCode.recordPurged.rawValue
                && result.reason?.contains("purged") == true)

            var whole = edit
            whole.op = .create
            whole.fields = [
                "url": FieldChange(base: nil, value: url), "title": FieldChange(base: nil, value: .string("T")),
                "note": FieldChange(base: nil, value: .string("from B")),
            ]
            let revived = try await b.push([whole])
            #expect(revived.map(\.status) == [.conflict] && revived[0].conflictIds.count == 1 && !revived[0].deleted)
            a.cursor = nil
            let onA = SyncMachine.latest(try await a.pullAll())
            guard case .object(let fields)? = onA[id]?.record else {
                Issue.record("A does not see the record again")
                return
            }
            #expect(onA[id]?.deleted == false && fields["note"] == .string("from B"))
            let conflict = try #require(onA[revived[0].conflictIds[0]])
            guard case .object(let conflictFields) = conflict.record else { return }
            #expect(conflictFields["rule"] == .string(ConflictRecord.updateWinsOverDelete))
        }
    }
}
