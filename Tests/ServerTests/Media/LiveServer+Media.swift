import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

extension LiveServer {
    /// `POST /v1/media` of `bytes` as the raw body.
    func uploadRaw(
        _ bytes: [UInt8], token: String?, contentType: String = "image/jpeg", fileName: String? = "photo.jpg"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let fileName { headers[HTTPField.Name("Content-Disposition")!] = "attachment; filename=\"\(fileName)\"" }
        return try await client.executeRequest(uri: "/v1/media", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    /// `POST /v1/media` of `bytes` as the `file` field of a form, with text `fields`.
    func uploadForm(
        _ bytes: [UInt8], token: String, fileName: String = "photo.jpg", declaredType: String = "image/jpeg",
        fields: [(String, String)] = []
    ) async throws -> TestResponse {
        let boundary = "----satchel\(UUID().uuidString)"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: \(declaredType)\r\n\r\n".utf8)
        body += bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return try await client.executeRequest(
            uri: "/v1/media", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=\(boundary)"],
            body: ByteBuffer(bytes: body))
    }

    /// Uploads `bytes` and waits for its variants; returns the item as then stored.
    func uploadReady(_ bytes: [UInt8], token: String, fileName: String = "photo.jpg") async throws -> Media {
        let response = try await uploadRaw(bytes, token: token, fileName: fileName)
        #expect(response.status == .created, "\(response.bodyText)")
        let created = try response.decode(Media.self)
        await dependencies.mediaVariants.waitUntilIdle()
        let read = try await send(.get, "/v1/media/\(created.id)", token: token)
        return try read.decode(Media.self)
    }

    /// The bytes of a public URL (a variant).
    func fetchBytes(_ path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.executeRequest(uri: path, method: .get, headers: headers, body: nil)
    }
}

extension TestResponse {
    /// The body's bytes.
    var bytes: [UInt8] { Array(buffer: body) }
}
