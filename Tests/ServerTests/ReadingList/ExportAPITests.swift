import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import SatchelSync
import Testing
@testable import SatchelServer

/// `GET /v1/export`: the account's reading list, whole, for its owner only.
@Suite("Export API")
struct ExportAPITests {
    /// A create of a saved article as a client pushes it.
    static func create(_ url: String, title: String, tags: [String]) -> Mutation {
        Mutation(
            entity: .savedArticle, recordId: UUID(), op: .create,
            hlc: HLCTimestamp(wallMillis: 1_800_000_000_000, counter: 0, node: "test"),
            fields: [
                "url": FieldChange(base: nil, value: .string(url)), "title": FieldChange(base: nil, value: .string(title)),
                "tags": FieldChange(base: nil, value: .array(tags.map(JSONValue.string))),
                "savedAt": FieldChange(base: nil, value: .string("2026-12-01T10:00:00.000Z")),
            ])
    }

    @Test("the owner gets every saved article with its fields; another account gets none of them; deleted ones are left out")
    func export() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let (_, other) = try await server.register("other")
            let kept = Self.create("https://example.com/kept", title: "Kept", tags: ["a", "b"])
            let gone = Self.create("https://example.com/gone", title: "Gone", tags: [])
            let delete = Mutation(
                entity: .savedArticle, recordId: gone.recordId, op: .delete,
                hlc: HLCTimestamp(wallMillis: 1_800_000_000_001, counter: 0, node: "test"))
            let pushed = try await server.send(
                .post, "/v1/sync/push", sync: PushRequest(clientId: "test", mutations: [kept, gone, delete]), token: token)
            #expect(pushed.status == .ok)

            let response = try await server.send(.get, "/v1/export", token: token)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            let file = try SatchelJSON.decoder().decode(ExportFile.self, from: Data(buffer: response.body))
            #expect(file.generator == "satchel" && file.version == 1)
            #expect(file.articles.map(\.id) == [kept.recordId])
            #expect(file.articles.first?.title == "Kept" && file.articles.first?.tags == ["a", "b"])

            let theirs = try await server.send(.get, "/v1/export", token: other)
            #expect(try SatchelJSON.decoder().decode(ExportFile.self, from: Data(buffer: theirs.body)).articles.isEmpty)
            #expect(try await server.send(.get, "/v1/export").status == .unauthorized)
            #expect(try await server.send(.get, "/v1/export?all=1", token: token).status == .badRequest)
        }
    }

    /// A create of a highlight on `article` as a client pushes it.
    static func highlight(on article: UUID, exact: String, note: String) -> Mutation {
        Mutation(
            entity: .highlight, recordId: UUID(), op: .create,
            hlc: HLCTimestamp(wallMillis: 1_800_000_000_002, counter: 0, node: "test"),
            fields: [
                "articleId": FieldChange(base: nil, value: .string(article.uuidString)),
                "exact": FieldChange(base: nil, value: .string(exact)), "note": FieldChange(base: nil, value: .string(note)),
                "repeatCount": FieldChange(base: nil, value: .number(2)),
                "createdAt": FieldChange(base: nil, value: .string("2026-12-01T10:05:00.000Z")),
            ])
    }

    @Test("the export carries the highlights of the exported articles, and only the owner's")
    func exportHighlights() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let (_, other) = try await server.register("other")
            let kept = Self.create("https://example.com/kept", title: "Kept", tags: [])
            let gone = Self.create("https://example.com/gone", title: "Gone", tags: [])
            let marked = Self.highlight(on: kept.recordId, exact: "a passage", note: "my note")
            let onGone = Self.highlight(on: gone.recordId, exact: "another passage", note: "")
            let delete = Mutation(
                entity: .savedArticle, recordId: gone.recordId, op: .delete,
                hlc: HLCTimestamp(wallMillis: 1_800_000_000_003, counter: 0, node: "test"))
            let pushed = try await server.send(
                .post, "/v1/sync/push", sync: PushRequest(clientId: "test", mutations: [kept, gone, marked, onGone, delete]),
                token: token)
            #expect(pushed.status == .ok)

            let response = try await server.send(.get, "/v1/export", token: token)
            let file = try SatchelJSON.decoder().decode(ExportFile.self, from: Data(buffer: response.body))
            let highlights = try #require(file.highlights)
            #expect(highlights.map(\.id) == [marked.recordId], "the deleted article's highlight is left out")
            #expect(highlights.first?.exact == "a passage" && highlights.first?.note == "my note")
            #expect(highlights.first?.repeatCount == 2 && highlights.first?.occurrences == 1)

            let theirs = try await server.send(.get, "/v1/export", token: other)
            #expect(try SatchelJSON.decoder().decode(ExportFile.self, from: Data(buffer: theirs.body)).highlights?.isEmpty ?? true)
        }
    }
}
