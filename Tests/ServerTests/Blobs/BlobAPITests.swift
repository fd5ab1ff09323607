import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

/// Whole uploads, downloads and upload sessions over HTTP (PROTOCOL §13).
@Suite("Blob API")
struct BlobAPITests {
    @Test("PUT then GET and HEAD: the same bytes, the headers of §13.5, 200 for a second PUT", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, token) = try await server.register("reader")
            let bytes = BlobFixtures.bytes(3 << 20)
            let digest = BlobFixtures.digest(bytes)
            let put = try await server.putBlob(bytes, token: token, mediaType: "application/pdf; charset=binary")
            #expect(put.status == .created, "\(put.bodyText)")
            #expect(try put.decode(BlobReceipt.self) == BlobReceipt(digest: digest, size: Int64(bytes.count), mediaType: "application/pdf"))
            #expect(try await server.putBlob(bytes, token: token).status == .ok)
            let get = try await server.blobRequest(.get, "/v1/blobs/\(digest.text)?name=paper%20%22one%22.pdf", token: token)
            #expect(get.status == .ok)
            #expect(Array(buffer: get.body) == bytes)
            #expect(get.headers[.contentType] == "application/pdf")
            #expect(get.headers[.eTag] == "\"\(digest.text)\"")
            #expect(get.headers[.cacheControl] == "private, immutable")
            #expect(get.headers[.acceptRanges] == "bytes")
            #expect(get.headers[BlobHeaders.contentTypeOptions] == "nosniff")
            #expect(get.headers[BlobHeaders.contentSecurityPolicy] == "sandbox; default-src 'none'")
            #expect(get.headers[BlobHeaders.contentDisposition]?.hasPrefix("attachment; filename=\"paper _one_.pdf\"") == true)
            let head = try await server.blobRequest(.head, "/v1/blobs/\(digest.text)", token: token)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(bytes.count))
            #expect(head.headers[BlobHeaders.contentDisposition] == "attachment; filename=\"\(digest.hex)\"")
            let again = try await server.blobRequest(.get, "/v1/blobs/\(digest.text)", token: token, headers: [.ifNoneMatch: "\"\(digest.text)\""])
            #expect(again.status == .notModified)
            #expect(try await server.blobUsage(token: token) == BlobUsage(bytes: Int64(bytes.count), count: 1, quotaBytes: 1 << 30))
            let missing = try await server.send(
                .post, "/v1/blobs/missing", json: MissingBlobsRequest(digests: [BlobFixtures.digest([1]), digest]), token: token)
            #expect(try missing.decode(MissingBlobsResponse.self).missing == [BlobFixtures.digest([1])])
        }
    }

    @Test("an HTML blob is never served as a page: attachment, sandbox, nosniff")
    func activeContent() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let html = Array("<script>alert(document.cookie)</script>".utf8)
            #expect(try await server.putBlob(html, token: token, mediaType: "text/html").status == .created)
            let get = try await server.blobRequest(.get, "/v1/blobs/\(BlobFixtures.digest(html).text)?name=x.html", token: token)
            #expect(get.headers[.contentType] == "text/html")
            #expect(get.headers[BlobHeaders.contentDisposition] == "attachment; filename=\"x.html\"")
            #expect(get.headers[BlobHeaders.contentSecurityPolicy] == "sandbox; default-src 'none'")
        }
    }

    @Test("an upload session continued after a cut: the server keeps what arrived, HEAD says where", arguments: StoreKind.allCases)
    func sessionAfterCut(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, token) = try await server.register("reader")
            let bytes = BlobFixtures.bytes(5 << 20 + 123)
            let session = try await server.openSession(bytes, token: token)
            #expect(session.offset == 0 && session.size == Int64(bytes.count))
            let first = try await server.patch(session.id, offset: 0, bytes: Array(bytes[..<(1 << 20)]), token: token)
            #expect(first.status == .noContent)
            #expect(first.headers[BlobHeaders.uploadOffset] == String(1 << 20))
            // A PATCH cut after 2 MiB of its 4 MiB.
            let connection = try server.raw()
            try connection.send(
                "PATCH /v1/blobs/uploads/\(session.id) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: \(1 << 20)\r\nContent-Length: \(4 << 20)\r\n\r\n")
            try await connection.write(bytes: Array(bytes[(1 << 20)..<(3 << 20)]))
            try await Task.sleep(for: .milliseconds(300))
            connection.hangUp()
            var offset: Int64 = 0
            for _ in 0..<50 {
                let head = try await server.blobRequest(.head, "/v1/blobs/uploads/\(session.id)", token: token)
                offset = Int64(head.headers[BlobHeaders.uploadOffset] ?? "") ?? -1
                if offset == 3 << 20 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(offset == 3 << 20, "every byte that arrived is kept")
            let stale = try await server.patch(session.id, offset: 1 << 20, bytes: [1, 2, 3], token: token)
            #expect(stale.status == .conflict)
            #expect(stale.headers[BlobHeaders.uploadOffset] == String(3 << 20))
            #expect(try stale.problem().type == "/problems/offset-mismatch")
            let last = try await server.patch(session.id, offset: offset, bytes: Array(bytes[Int(offset)...]), token: token)
            #expect(last.status == .created, "\(last.bodyText)")
            #expect(try last.decode(BlobReceipt.self).size == Int64(bytes.count))
            let get = try await server.blobRequest(.get, "/v1/blobs/\(session.digest.text)", token: token)
            #expect(Array(buffer: get.body) == bytes)
            #expect(try await server.blobUsage(token: token).bytes == Int64(bytes.count))
            let gone = try await server.blobRequest(.head, "/v1/blobs/uploads/\(session.id)", token: token)
            #expect(gone.status == .notFound)
        }
    }

    @Test("a session's wrong bytes are refused at the last byte and nothing is kept; DELETE drops a session")
    func sessionMismatchAndCancel() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let bytes = BlobFixtures.bytes(1000)
            let session = try await server.openSession(bytes, token: token)
            let wrong = try await server.patch(session.id, offset: 0, bytes: BlobFixtures.bytes(1000, seed: 9), token: token)
            #expect(wrong.status == .unprocessableContent)
            #expect(try wrong.problem().type == "/problems/digest-mismatch")
            #expect(try await server.blobUsage(token: token).bytes == 0)
            let other = try await server.openSession(bytes, token: token)
            _ = try await server.patch(other.id, offset: 0, bytes: Array(bytes[..<500]), token: token)
            #expect(try await server.blobRequest(.delete, "/v1/blobs/uploads/\(other.id)", token: token).status == .noContent)
            #expect(try await server.blobRequest(.get, "/v1/blobs/uploads/\(other.id)", token: token).status == .notFound)
            #expect(try await server.blobUsage(token: token) == BlobUsage(bytes: 0, count: 0, quotaBytes: 1 << 30))
            let empty = try await server.send(
                .post, "/v1/blobs/uploads", json: CreateUploadRequest(digest: BlobFixtures.digest([]), size: 0, mediaType: "text/plain"),
                token: token)
            #expect(empty.status == .created, "an empty blob is committed at once: \(empty.bodyText)")
            #expect(try empty.decode(BlobReceipt.self).size == 0)
            let emptyGet = try await server.blobRequest(.get, "/v1/blobs/\(BlobFixtures.digest([]).text)", token: token)
            #expect(emptyGet.status == .ok && emptyGet.body.readableBytes == 0)
        }
    }

    @Test("Range: one range is a 206, several or malformed ones the whole blob, past the end a 416")
    func ranges() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let bytes = BlobFixtures.bytes(1000)
            try await server.putBlob(bytes, token: token)
            let path = "/v1/blobs/\(BlobFixtures.digest(bytes).text)"
            let many = "bytes=" + (0..<300).map { "\($0)-\($0 + 1)" }.joined(separator: ",")
            let cases: [(String, Int, Range<Int>?)] = [
                ("bytes=0-9", 206, 0..<10), ("bytes=990-", 206, 990..<1000), ("bytes=-10", 206, 990..<1000),
                ("bytes=-5000", 206, 0..<1000), ("bytes=500-99999", 206, 500..<1000), ("bytes=999-999", 206, 999..<1000),
                ("bytes=1000-", 416, nil), ("bytes=5000-6000", 416, nil), ("bytes=-0", 416, nil),
                ("bytes=9-0", 200, 0..<1000), ("bytes=0-5,3-9", 200, 0..<1000), (many, 200, 0..<1000),
                ("bytes=abc", 200, 0..<1000), ("items=0-5", 200, 0..<1000), ("bytes=0-1-2", 200, 0..<1000),
                ("bytes=99999999999999999999-", 200, 0..<1000),
            ]
            for (header, status, range) in cases {
                let response = try await server.blobRequest(.get, path, token: token, headers: [.range: header])
                #expect(Int(response.status.code) == status, "\(header.prefix(40))")
                if let range {
                    #expect(Array(buffer: response.body) == Array(bytes[range]), "\(header.prefix(40))")
                    if status == 206 {
                        #expect(response.headers[.contentRange] == "bytes \(range.lowerBound)-\(range.upperBound - 1)/1000")
                    }
                } else {
                    #expect(response.headers[.contentRange] == "bytes */1000")
                }
            }
        }
    }
}
