import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SatchelShared

/// Writes the `ResponseEncodable` results of routes as JSON in the Satchel conventions (``SatchelJSON``:
/// sorted keys, ISO 8601 dates with milliseconds), tagged with a strong `ETag` over the bytes.
/// ``ConditionalRequestMiddleware`` turns a matching `If-None-Match` into a 304.
public struct SatchelResponseEncoder: ResponseEncoder {
    /// An encoder; it holds no state.
    public init() {}

    /// `value` as a tagged JSON response.
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        EncodedJSON(try Self.data(value)).response()
    }

    /// `value`'s JSON bytes, exactly as every other Satchel peer writes them.
    public static func data(_ value: some Encodable) throws -> Data {
        try SatchelJSON.encoder().encode(value)
    }
}

/// JSON bytes already in the Satchel conventions (a sync page, a pre-encoded `/health`), sent as they are.
public struct EncodedJSON: ResponseGenerator, Sendable {
    /// The media type of every JSON body the server sends, problems aside.
    public static let contentType = "application/json; charset=utf-8"

    /// The encoded body.
    var data: Data
    /// The response's status.
    var status: HTTPResponse.Status
    /// Extra headers (`Cache-Control`, `Location`, the protocol version).
    var headers: HTTPFields
    /// Whether the response carries an entity tag; `false` for answers no one revalidates (`no-store`).
    var tagged: Bool

    /// JSON bytes to send with `status` and `headers`, tagged unless `tagged` is `false`.
    public init(_ data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], tagged: Bool = true) {
        self.data = data
        self.status = status
        self.headers = headers
        self.tagged = tagged
    }

    /// The response (the request plays no part).
    public func response(from request: Request, context: some RequestContext) -> Response { response() }

    /// The response, without a request at hand.
    public func response() -> Response {
        var headers = headers
        headers[.contentType] = Self.contentType
        if tagged { headers[.eTag] = EntityTag.of(data) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
