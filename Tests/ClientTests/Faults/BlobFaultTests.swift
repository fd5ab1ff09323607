import Foundation
import SatchelShared
import SatchelTestSupport
import Testing
@testable import SatchelClient

/// Blobs through cut connections and a killed server: every acknowledged blob is intact (its digest
/// checked), no partial blob is ever served, the record that references it is applied exactly once, and a
/// cut upload or download continues where the server confirmed rather than from zero.
@Suite("Faults: blobs through cut connections and a killed server", .serialized)
struct BlobFaultTests {
    static let size = 64 << 20

    /// A random file of `size` bytes in `directory`.
    static func file(size: Int, in directory: URL) throws -> (path: String, bytes: Data) {
        var generator = SystemRandomNumberGenerator()
        var bytes = Data(count: size)
        bytes.withUnsafeMutableBytes { raw in
            for index in stride(from: 0, to: size, by: 8) {
                raw.storeBytes(of: generator.next(), toByteOffset: index, as: UInt64.self)
            }
        }
        let path = directory.appendingPathComponent("big-\(UUID()).bin").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    @Test("a 64 MiB upload cut five times, then its download cut five times: whole, once, under 1.2x the bytes")
    func cutUploadAndDownload() async throws {
        try await TestServer.run { baseURL, _ in
            let directory = try FaultDirectory.make("blob-cut")
            defer { try? FileManager.default.removeItem(at: directory) }
            let upstreamPort = try #require(URLComponents(string: baseURL)?.port)
            // Every connection is cut after 11 MiB from the client (mid-part of a session) until five cuts
            // were made; later ones go through whole.
            let uploadProxy = try CuttingProxy(upstreamPort: upstreamPort, seed: 1, maxCuts: 5) { _ in
                CutPlan(requestLimit: 11 << 20, responseLimit: nil)
            }
            defer { uploadProxy.stop() }
            // The download's connections are cut after 5 MiB from the server, five times.
            let downloadProxy = try CuttingProxy(upstreamPort: upstreamPort, seed: 2, maxCuts: 5) { _ in
                CutPlan(requestLimit: nil, responseLimit: 5 << 20)
            }
            defer { downloadProxy.stop() }
            let account = try await SatchelAPI(transport: CurlTransport(baseURL: baseURL))
                .register(username: "uploader", password: "correct horse", email: "u@example.com")
            func machine(_ name: String, through port: Int) throws -> LocalStore {
                try LocalStore(
                    path: directory.appendingPathComponent("\(name).sqlite").path,
                    server: SatchelAPI(transport: CurlTransport(baseURL: "http://127.0.0.1:\(port)"), token: account.token),
                    environment: FaultMachine.fastBackoff)
            }
            let a = try machine("a", through: uploadProxy.port), b = try machine("b", through: downloadProxy.port)
            let file = try Self.file(size: Self.size, in: directory)
            let saved = try a.saveFile(path: file.path)
            let attachment = try #require(saved.attachments.first)
            try await Self.syncUntilDone(a)
            let up = uploadProxy.counts
            #expect(up.requestCuts == 5, "the upload was cut five times")
            #expect(up.requestBytes <= Self.size * 12 / 10, "sent \(up.requestBytes) bytes for a \(Self.size)-byte file")

            try await Self.syncUntilDone(b)
            let path = try await b.file(attachment)
            #expect(FileManager.default.contents(atPath: path) == file.bytes)
            let down = downloadProxy.counts
            #expect(down.responseCuts == 5, "the download was cut five times")
            #expect(down.responseBytes <= Self.size * 12 / 10, "received \(down.responseBytes) bytes for a \(Self.size)-byte file")
            #expect(try b.articles().filter { $0.value.id == saved.id }.count == 1)
            print("FAULT blob-cut upload sent=\(up.requestBytes) download received=\(down.responseBytes) size=\(Self.size)")
        }
    }

    @Test("SQLite: the server killed mid-upload and mid-download")
    func killedSQLite() async throws {
        let directory = try FaultDirectory.make("blob-kill-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await killed(database: directory.appendingPathComponent("server.sqlite").path, directory: directory)
    }

    @Test("PostgreSQL: the server killed mid-upload and mid-download")
    func killedPostgres() async throws {
        let directory = try FaultDirectory.make("blob-kill-postgres")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await killed(database: try await PostgresTestDatabase.makeDatabaseURL(prefix: "b"), directory: directory)
    }

    /// Kills the server twice during A's upload and twice during B's download, restarting it each time;
    /// a watcher asks for the blob all along and must only ever see it absent or whole.
    private func killed(database: String, directory: URL) async throws {
        let server = try ServerProcess(database: database, logDirectory: directory)
        try await server.start()
        defer { server.stop() }
        let transport = CurlTransport(baseURL: server.baseURL, configuration: .init(connectTimeout: 2, totalTimeout: 120))
        let account = try await SatchelAPI(transport: transport)
            .register(username: "keeper", password: "correct horse battery", email: "k@example.com")
        let api = SatchelAPI(transport: transport, token: account.token)
        func machine(_ name: String) throws -> LocalStore {
            try LocalStore(
                path: directory.appendingPathComponent("\(name).sqlite").path, server: api,
                environment: FaultMachine.fastBackoff)
        }
        let a = try machine("a"), b = try machine("b")
        let file = try Self.file(size: Self.size, in: directory)
        let saved = try a.saveFile(path: file.path)
        let attachment = try #require(saved.attachments.first)
        let watcher = Task { try await Self.watch(attachment, api: api) }

        let killer = Task {
            for _ in 0..<2 {
                try await Task.sleep(for: .milliseconds(120))
                server.kill()
                try await server.start()
            }
        }
        try await Self.syncUntilDone(a)
        try await killer.value
        let killerB = Task {
            for _ in 0..<2 {
                try await Task.sleep(for: .milliseconds(100))
                server.kill()
                try await server.start()
            }
        }
        try await Self.syncUntilDone(b)
        try await killerB.value
        let path = try await b.file(attachment)
        watcher.cancel()
        let partialServed = try await watcher.value
        #expect(partialServed == 0, "the server answered a length other than the blob's \(partialServed) times")
        #expect(FileManager.default.contents(atPath: path) == file.bytes)
        #expect(try b.articles().filter { $0.value.id == saved.id }.count == 1)
        let feed = try await api.pull(cursor: nil, limit: 1_000)
        #expect(feed.changes.filter { $0.recordId == saved.id }.count == 1, "the article is in the feed once")
    }

    /// Syncs until a sync completes (a killed server or a cut connection fails a sync; the next goes on).
    static func syncUntilDone(_ store: LocalStore) async throws {
        let deadline = Date().addingTimeInterval(240)
        while true {
            do {
                let summary = try await store.sync()
                if summary.filesPending == 0 { return }
            } catch let error as TransportError where error.isRetryable {
                guard Date() < deadline else { throw error }
            }
            guard Date() < deadline else { throw FaultTestFailure("no complete sync within 240 s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Asks `HEAD /v1/blobs/{digest}` until cancelled; counts answers that are 200 with a length other than
    /// the blob's (a partial blob served).
    static func watch(_ attachment: SatchelShared.Attachment, api: SatchelAPI) async throws -> Int {
        var wrong = 0
        while !Task.isCancelled {
            let spec = HTTPRequestSpec(method: "HEAD", path: "/v1/blobs/\(attachment.digest.text)")
            if let response = try? await api.transport.send(withToken: api, spec), response.status == 200,
               response.headers["content-length"] != String(attachment.size)
            {
                wrong += 1
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return wrong
    }
}

extension HTTPTransport {
    /// Sends `spec` with the API's bearer token, returning any status (no error for 4xx).
    func send(withToken api: SatchelAPI, _ spec: HTTPRequestSpec) async throws -> HTTPResponseData {
        var spec = spec
        if let token = api.token { spec.headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        return try await send(spec)
    }
}
