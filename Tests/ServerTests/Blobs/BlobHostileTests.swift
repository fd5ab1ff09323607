import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

/// Uploads and downloads that lie, probe or stall (PROTOCOL §13): each is refused, and nothing of it is left.
@Suite("Blob API: hostile input")
struct BlobHostileTests {
    /// The status and body of a raw request sent with `Connection: close`.
    static func raw(_ server: LiveServer, _ head: String, body: [UInt8] = []) async throws -> (Int?, String) {
        // A connection the loaded machine closed before the request went out is opened again, once: the
        // answer to the request is what is checked, not the race of a new connection.
        var attempt = 0
        while true {
            attempt += 1
            let connection = try server.raw()
            do {
                try connection.send(head)
            } catch where attempt < 2 {
                continue
            }
            if !body.isEmpty { try? await connection.write(bytes: body) }
            let (text, _) = await connection.readUntilClosed(timeout: 10)
            return (RawHTTPConnection.status(of: text), text)
        }
    }

    @Test("a body whose hash is not the digest is a 422 and leaves nothing", arguments: StoreKind.allCases)
    func digestMismatch(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, token) = try await server.register("reader")
            let claimed = BlobFixtures.digest([1, 2, 3])
            let response = try await server.putBlob(BlobFixtures.bytes(2 << 20), token: token, digest: claimed.text)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().type == "/problems/digest-mismatch")
            #expect(try await server.blobUsage(token: token).bytes == 0)
            #expect(try await server.blobRequest(.get, "/v1/blobs/\(claimed.text)", token: token).status == .notFound)
        }
    }

    @Test("digests that are not sha256: and 64 lower-case hex are refused, never used as paths")
    func badDigests() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let hex = String(BlobFixtures.digest([7]).hex)
            let upper: String = "sha256:" + hex.uppercased()
            let short: String = "sha256:" + String(hex.dropLast())
            let long: String = "sha256:" + hex + "0"
            let huge: String = "sha256:" + String(repeating: "a", count: 4_000)
            let escaped: String = "sha256%3A..%2F..%2F" + String(hex.prefix(58))
            let trailing: String = "sha256:" + String(hex.prefix(60)) + "%2F.."
            let notHex: String = "sha256:" + String(hex.prefix(63)) + "g"
            let bad: [String] = [
                upper, "SHA256:" + hex, short, long, huge, "md5:" + hex, hex, "sha256:../../../etc/passwd",
                escaped, trailing, "..%2F..%2Fserver.sqlite", notHex,
            ]
            for digest in bad {
                for method in ["GET", "PUT"] {
                    let (status, text) = try await Self.raw(server,
                        "\(method) /v1/blobs/\(digest) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                            + "Content-Length: 3\r\nConnection: close\r\n\r\n", body: [1, 2, 3])
                    #expect(status == 400 || status == 404, "\(method) \(digest.prefix(80)): \(text.prefix(120))")
                }
            }
            #expect(try await server.blobUsage(token: token) == BlobUsage(bytes: 0, count: 0, quotaBytes: 1 << 30))
            let missing = try await server.send(.post, "/v1/blobs/missing", raw: "{\"digests\": [\"sha256:\(hex.uppercased())\"]}", token: token)
            #expect(missing.status == .badRequest)
            let tooMany = MissingBlobsRequest(digests: (0..<1_001).map { BlobFixtures.digest([UInt8($0 & 0xFF), UInt8($0 >> 8)]) })
            #expect(try await server.send(.post, "/v1/blobs/missing", json: tooMany, token: token).status == .unprocessableContent)
        }
    }

    @Test("another account's blob and session answer exactly as absent ones: status and body", arguments: StoreKind.allCases)
    func noExistenceOracle(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, alice) = try await server.register("alice")
            let (_, bob) = try await server.register("bob")
            let bytes = BlobFixtures.bytes(5000)
            try await server.putBlob(bytes, token: alice)
            let session = try await server.openSession(BlobFixtures.bytes(9000), token: alice)
            let held = BlobFixtures.digest(bytes).text, nobody = BlobFixtures.digest([42]).text
            let absentSession = UploadSessionId.make()
            let pairs: [(HTTPRequest.Method, String, String, HTTPFields, [UInt8]?)] = [
                (.get, "/v1/blobs/\(held)", "/v1/blobs/\(nobody)", [:], nil),
                (.head, "/v1/blobs/\(held)", "/v1/blobs/\(nobody)", [:], nil),
                (.get, "/v1/blobs/\(held)", "/v1/blobs/\(nobody)", [.range: "bytes=0-9"], nil),
                (.get, "/v1/blobs/uploads/\(session.id)", "/v1/blobs/uploads/\(absentSession)", [:], nil),
                (.head, "/v1/blobs/uploads/\(session.id)", "/v1/blobs/uploads/\(absentSession)", [:], nil),
                (.delete, "/v1/blobs/uploads/\(session.id)", "/v1/blobs/uploads/\(absentSession)", [:], nil),
                (.patch, "/v1/blobs/uploads/\(session.id)", "/v1/blobs/uploads/\(absentSession)",
                 [.contentType: "application/offset+octet-stream", BlobHeaders.uploadOffset: "0"], [1, 2, 3]),
            ]
            for (method, theirs, absent, headers, body) in pairs {
                let a = try await server.blobRequest(method, theirs, token: bob, headers: headers, body: body)
                let b = try await server.blobRequest(method, absent, token: bob, headers: headers, body: body)
                #expect(a.status == .notFound, "\(method) \(theirs)")
                #expect(a.status == b.status && Array(buffer: a.body) == Array(buffer: b.body), "\(method) \(theirs)")
                #expect(a.headers[.contentType] == b.headers[.contentType])
            }
            let missing = try await server.send(.post, "/v1/blobs/missing", json: MissingBlobsRequest(digests: [BlobFixtures.digest(bytes)]), token: bob)
            #expect(try missing.decode(MissingBlobsResponse.self).missing == [BlobFixtures.digest(bytes)])
            #expect(try await server.blobRequest(.head, "/v1/blobs/uploads/\(session.id)", token: alice).status == .ok,
                    "bob's requests left alice's session alone")
            #expect(try await server.blobRequest(.get, "/v1/blobs/\(held)", token: "not-a-token").status == .unauthorized)
        }
    }

    @Test("the quota crossed mid-upload: 507 stating limit and usage, and nothing left", arguments: StoreKind.allCases)
    func quotaMidUpload(kind: StoreKind) async throws {
        let limits = BlobServerLimits(maxBlobBytes: 64 << 20, quotaBytes: 3 << 20)
        try await LiveServer.run(kind: kind, blobLimits: limits) { server in
            let (_, token) = try await server.register("reader")
            let first = BlobFixtures.bytes(2 << 20)
            #expect(try await server.putBlob(first, token: token).status == .created)
            let second = BlobFixtures.bytes(4 << 20, seed: 5)
            let digest = BlobFixtures.digest(second)
            // No Content-Length: the server only learns the size as the chunks arrive.
            let connection = try server.raw()
            try connection.send(
                "PUT /v1/blobs/\(digest.text) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
            for start in stride(from: 0, to: second.count, by: 256 << 10) {
                let piece = Array(second[start..<min(second.count, start + (256 << 10))])
                guard (try? await connection.write(bytes: Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + Array("\r\n".utf8))) != nil
                else { break }
            }
            try? connection.send("0\r\n\r\n")
            let (text, _) = await connection.readUntilClosed(timeout: 10)
            #expect(RawHTTPConnection.status(of: text) == 507, "\(text.prefix(300))")
            #expect(text.contains("/problems/quota-exceeded") && text.contains("\(3 << 20)"))
            #expect(try await server.blobUsage(token: token) == BlobUsage(bytes: 2 << 20, count: 1, quotaBytes: 3 << 20))
            #expect(try await server.blobRequest(.get, "/v1/blobs/\(digest.text)", token: token).status == .notFound)
            let (declared, _) = try await Self.raw(server,
                "PUT /v1/blobs/\(digest.text) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Length: \(second.count)\r\nConnection: close\r\n\r\n")
            #expect(declared == 507, "a declared length past the quota is refused before any byte")
            let session = try await server.send(
                .post, "/v1/blobs/uploads", json: CreateUploadRequest(digest: digest, size: Int64(second.count), mediaType: "a/b"),
                token: token)
            #expect(session.status.code == 507)
        }
    }

    @Test("a client lying about its size is cut at the per-blob limit; nothing left", arguments: StoreKind.allCases)
    func perBlobLimit(kind: StoreKind) async throws {
        let limits = BlobServerLimits(maxBlobBytes: 1 << 20, quotaBytes: 1 << 30)
        try await LiveServer.run(kind: kind, blobLimits: limits) { server in
            let (_, token) = try await server.register("reader")
            let digest = BlobFixtures.digest([0])
            let connection = try server.raw()
            try connection.send(
                "PUT /v1/blobs/\(digest.text) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
            let zeros = [UInt8](repeating: 0, count: 64 << 10)
            let chunk = Array((String(zeros.count, radix: 16) + "\r\n").utf8) + zeros + Array("\r\n".utf8)
            var sent = 0
            var text = ""
            // Up to 64 MiB of zeros; the server must answer and close long before.
            while sent < 64 << 20, (try? await connection.write(bytes: chunk, timeout: 10)) != nil {
                sent += zeros.count
                if sent % (1 << 20) == 0 {
                    let (early, closed) = await connection.readUntilClosed(timeout: 0.01)
                    text += early
                    if closed || !early.isEmpty { break }
                }
            }
            let (rest, closed) = await connection.readUntilClosed(timeout: 10)
            text += rest
            #expect(closed, "the connection is closed: the rest of the body is never read")
            #expect(sent < 64 << 20, "cut before the whole body was sent")
            // The refusal is written before the close; a reset racing it may swallow it on the client's side.
            if let status = RawHTTPConnection.status(of: text) {
                #expect(status == 413 && text.contains("/problems/too-large"), "\(text.prefix(200))")
            }
            #expect(try await server.blobUsage(token: token).bytes == 0)
            let big = try await server.send(
                .post, "/v1/blobs/uploads", json: CreateUploadRequest(digest: digest, size: 2 << 20, mediaType: "a/b"), token: token)
            #expect(big.status == .contentTooLarge)
            // The largest size the document allows (2^53 - 1) is a 413 too, not a malformed body.
            let largest = try await server.send(
                .post, "/v1/blobs/uploads", raw: #"{"digest":"\#(digest.text)","size":9007199254740991,"mediaType":"a/b"}"#,
                token: token)
            #expect(largest.status == .contentTooLarge)
            let declared = try await Self.raw(server,
                "PUT /v1/blobs/\(digest.text) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Length: \(10 << 30)\r\nConnection: close\r\n\r\n")
            #expect(declared.0 == 413)
        }
    }

    @Test("a body shorter than its Content-Length leaves nothing; a PATCH longer than the session is refused")
    func wrongLengths() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let bytes = BlobFixtures.bytes(100_000)
            let connection = try server.raw()
            try connection.send(
                "PUT /v1/blobs/\(BlobFixtures.digest(bytes).text) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Length: \(bytes.count)\r\n\r\n")
            try connection.send(bytes: Array(bytes[..<60_000]))
            connection.finishSending()
            _ = await connection.readUntilClosed(timeout: 10)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await server.blobUsage(token: token).bytes == 0)
            #expect(try await server.blobRequest(.get, "/v1/blobs/\(BlobFixtures.digest(bytes).text)", token: token).status == .notFound)
            let session = try await server.openSession(Array(bytes[..<1000]), token: token)
            let long = try await server.patch(session.id, offset: 0, bytes: Array(bytes[..<1500]), token: token)
            #expect(long.status == .badRequest)
            #expect(try long.problem().type == "/problems/malformed-body")
        }
    }

    @Test("a slow but steady upload outlives the body timeout; a stalled one is cut and resumes later")
    func stalledUpload() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, idleTimeout: 2, requestBodyTimeout: 1)
        try await LiveServer.run(configuration: configuration) { server in
            let (user, token) = try await server.register("reader")
            let bytes = BlobFixtures.bytes(600_000)
            // Every request but the first goes over a fresh connection: the pooled HTTP client's connections do
            // not outlive a 2 s idle timeout on a loaded machine.
            let create = try String(decoding: SatchelJSON.encoder().encode(
                CreateUploadRequest(digest: BlobFixtures.digest(bytes), size: Int64(bytes.count), mediaType: "video/mp4")),
                as: UTF8.self)
            let (created, opened) = try await Self.raw(server,
                "POST /v1/blobs/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(create.utf8.count)\r\nConnection: close\r\n\r\n\(create)")
            #expect(created == 201)
            let json = try #require(opened.range(of: "\r\n\r\n").map { opened[$0.upperBound...] })
            let session = try SatchelJSON.decoder().decode(UploadSessionState.self, from: Data(json.utf8))
            let steady = try server.raw()
            try steady.send(
                "PATCH /v1/blobs/uploads/\(session.id) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: 300000\r\n\r\n")
            for start in stride(from: 0, to: 300_000, by: 30_000) {
                try await steady.write(bytes: Array(bytes[start..<(start + 30_000)]))
                try await Task.sleep(for: .milliseconds(250))
            }
            let (answer, _) = await steady.readUntilClosed(timeout: 2)
            #expect(RawHTTPConnection.status(of: answer) == 204, "2.5 s of steady bytes pass a 1 s body timeout (stalls of 2 s are cut): \(answer.prefix(200))")
            let stalled = try server.raw()
            try stalled.send(
                "PATCH /v1/blobs/uploads/\(session.id) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 300000\r\nContent-Length: 300000\r\n\r\n")
            try await stalled.write(bytes: Array(bytes[300_000..<400_000]))
            let started = Date()
            let (_, closed) = await stalled.readUntilClosed(timeout: 10)
            #expect(closed, "a stalled upload is cut")
            #expect(Date().timeIntervalSince(started) < 5)
            var offset: Int64 = -1
            for _ in 0..<30 {
                offset = try await server.dependencies.blobs.stage(userId: user.id, id: session.id)?.offset ?? -1
                if offset == 400_000 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(offset == 400_000)
            let (status, text) = try await Self.raw(server,
                "PATCH /v1/blobs/uploads/\(session.id) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 400000\r\nContent-Length: 200000\r\n"
                    + "Connection: close\r\n\r\n", body: Array(bytes[400_000...]))
            #expect(status == 201, "\(text.prefix(200))")
            let stored = try await BlobFixtures.read(
                server.dependencies.blobs, user: user.id, digest: session.digest, range: 0..<Int64(bytes.count))
            #expect(stored == bytes)
        }
    }
}
