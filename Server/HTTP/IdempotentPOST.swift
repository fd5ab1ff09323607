import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import SatchelShared
import SatchelStores

/// `Idempotency-Key` support for POST routes: the first successful response to a key is stored and
/// returned again for every repeat, so a retried request never creates anything twice.
public struct IdempotentPOST: Sendable {
    /// The request header naming the key.
    public static let keyHeader = HTTPField.Name("Idempotency-Key")!
    /// The response header marking a replayed answer.
    public static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    /// Where claimed keys and their responses are kept.
    public let store: any IdempotencyStore
    /// The time a claim is made at.
    public let clock: @Sendable () -> Date

    /// Keys kept in `store`, claimed at `clock`'s time.
    public init(store: any IdempotencyStore, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.clock = clock
    }

    /// Runs `operation` once per key. Keys are scoped by route and caller, and bound to the request
    /// body: reusing a key for a different request is a 422, a concurrent repeat a 409.
    public func run(
        _ request: Request, context: SatchelRequestContext,
        operation: (Request) async throws -> StoredResponse
    ) async throws -> Response {
        guard let key = request.headers[Self.keyHeader] else { return try await operation(request).response }
        guard (1...255).contains(key.count) else {
            throw APIError.badParameter("Idempotency-Key", "must be 1–255 characters.")
        }
        var request = request
        let body = try await request.bodyData(context: context)
        let scope = "\(request.uri.path)|\(context.user?.id.uuidString ?? "anonymous:\(context.remoteAddress ?? "")")"
        let fingerprint = SHA256.hash(data: Data(request.method.rawValue.utf8) + body)
            .map { String(format: "%02x", $0) }.joined()
        switch try await store.claim(scope: scope, key: key, fingerprint: fingerprint, now: clock()) {
        case .completed(let stored):
            var response = stored.response
            response.headers[Self.replayedHeader] = "true"
            return response
        case .inProgress:
            throw APIError.conflict("A request with this Idempotency-Key is still being processed; retry shortly.")
        case .mismatch:
            throw APIError(
                .unprocessableContent, type: "/problems/idempotency-key-reused", title: "Idempotency key reused",
                detail: "This Idempotency-Key was already used for a different request.")
        case .claimed:
            do {
                let stored = try await operation(request)
                if stored.status < 400 {  // successes and redirects (the comment form's 303) replay
                    try await store.complete(scope: scope, key: key, response: stored)
                } else {
                    try await store.release(scope: scope, key: key)
                }
                return stored.response
            } catch {
                try? await store.release(scope: scope, key: key)
                throw error
            }
        }
    }
}

extension StoredResponse {
    /// A JSON response held in memory, so it can be both sent and stored.
    public static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status, headers: [String: String] = [:]) throws
        -> StoredResponse
    {
        var headers = headers
        headers["Content-Type"] = EncodedJSON.contentType
        let data = try SatchelResponseEncoder.data(value)
        headers["ETag"] = EntityTag.of(data)
        return StoredResponse(status: status.code, headers: headers, body: data)
    }

    /// The HTTP response this stored response stands for.
    var response: Response {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return Response(
            status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
