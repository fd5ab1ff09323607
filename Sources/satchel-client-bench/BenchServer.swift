import SatchelClient
import Foundation
import Hummingbird
import SatchelServer
import SatchelShared
import Synchronization
import SatchelLoopback
import SatchelStores

/// The child process's side: a server on a fresh SQLite file, seeded with one reader's saved articles.
enum BenchServer {
    /// Serves until SIGTERM; prints `READY <port> <token>` once the records are in.
    static func serve(records: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-client-bench-server-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("server.sqlite").path)
        let dependencies = ServerDependencies(store: store, passwords: PasswordHasher(cost: 4))
        try await LoopbackServer.run({ onServerRunning in
            try await SatchelApplication.make(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
                onServerRunning: onServerRunning)
        }, gracefulShutdownSignals: [.sigterm], afterwards: .serveUntilSignalled) { port in
            let baseURL = "http://127.0.0.1:\(port)"
            let account = try await SatchelAPI(transport: CurlTransport(baseURL: baseURL))
                .register(username: "reader", password: "correct horse", email: "reader@example.com")
            let user = try await SatchelAPI(transport: CurlTransport(baseURL: baseURL), token: account.token).me()
            let sync = SyncService(dependencies: dependencies)
            var seeded = 0
            while seeded < records {
                let batch = (seeded..<min(records, seeded + SyncLimits.maxPushBatch)).map(article)
                _ = try await sync.push(PushRequest(clientId: "seed", mutations: batch), user: user)
                seeded += batch.count
            }
            FileHandle.standardOutput.write(Data("READY \(port) \(account.token)\n".utf8))
        }
    }

    /// A realistic saved article: URL, title, site, a two-sentence excerpt and two tags.
    static func article(_ index: Int) -> Mutation {
        let fields: [String: JSONValue] = [
            "url": .string("https://news.example.com/2026/11/story-\(index)"),
            "title": .string("Story number \(index): what happened and why it matters"),
            "siteName": .string("news.example.com"),
            "excerpt": .string("A short summary of story \(index), as the reader saw it when saving. "
                + "It runs to a couple of sentences, like most excerpts do."),
            "tags": .array([.string("news"), .string("topic-\(index % 50)")]),
            "savedAt": .string(SatchelJSON.string(from: Date())),
        ]
        return Mutation(
            entity: .savedArticle, recordId: .timeOrdered(), op: .create,  // as Satchel clients mint them
            hlc: HLCTimestamp(wallMillis: Date().millis, counter: 0, node: "seed"),
            fields: fields.mapValues { FieldChange(base: nil, value: $0) })
    }
}
