import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

extension LiveServer {
    /// `PUT /v1/blobs/{digest}` of `bytes` (under their own digest unless told).
    @discardableResult
    func putBlob(
        _ bytes: [UInt8], token: String, digest: String? = nil, mediaType: String = "application/pdf"
    ) async throws -> TestResponse {
        try await client.executeRequest(
            uri: "/v1/blobs/\(digest ?? BlobFixtures.digest(bytes).text)", method: .put,
            headers: [.authorization: "Bearer \(token)", .contentType: mediaType], body: ByteBuffer(bytes: bytes))
    }

    /// `GET` (or another method) of a blob path with optional extra headers.
    func blobRequest(
        _ method: HTTPRequest.Method, _ path: String, token: String, headers: HTTPFields = [:], body: [UInt8]? = nil
    ) async throws -> TestResponse {
        var headers = headers
        headers[.authorization] = "Bearer \(token)"
        return try await client.executeRequest(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
    }

    /// Opens an upload session for `bytes`.
    func openSession(_ bytes: [UInt8], token: String) async throws -> UploadSessionState {
        let response = try await send(
            .post, "/v1/blobs/uploads",
            json: CreateUploadRequest(digest: BlobFixtures.digest(bytes), size: Int64(bytes.count), mediaType: "video/mp4"),
            token: token)
        #expect(response.status == .created, "\(response.bodyText)")
        #expect(response.headers[.location] != nil)
        return try response.decode(UploadSessionState.self)
    }

    /// `PATCH` of a session from `offset`.
    func patch(_ id: String, offset: Int64, bytes: [UInt8], token: String) async throws -> TestResponse {
        try await blobRequest(
            .patch, "/v1/blobs/uploads/\(id)", token: token,
            headers: [.contentType: "application/offset+octet-stream", BlobHeaders.uploadOffset: String(offset)], body: bytes)
    }

    /// The account's blob usage.
    func blobUsage(token: String) async throws -> BlobUsage {
        try await send(.get, "/v1/blobs/usage", token: token).decode(BlobUsage.self)
    }

    /// A raw connection to this server.
    func raw() throws -> RawHTTPConnection { try RawHTTPConnection(port: try #require(client.port)) }
}
