import Foundation
import Hummingbird
import SatchelShared

/// What the `/echo` fixture saw of a request.
struct EchoedRequest: Codable {
    var method: String
    /// Header fields with lower-cased names; repeated fields joined with ", ".
    var headers: [String: String]
    var bodyLength: Int
    var body: String
}

/// A router of fixtures for transport tests.
enum FixtureRoutes {
    /// `Satchel gzip check: ` followed by `compressible text. ` fifty times.
    static let gzipText = "Satchel gzip check: " + String(repeating: "compressible text. ", count: 50)
    /// `gzipText`, gzip-compressed (made with Python's `gzip.compress(…, mtime=0)`).
    static let gzipBytes = Data(base64Encoded:
        "H4sIAAAAAAACAwtOLEnOSM1RSK/KLFAAspKzrRSS83MLilKLizOTclIVSlIrSvRGhUaFRoUGtxAAbAoyVMoDAAA=")!

    /// `/echo` (any method) answers with what it received; `/gzip` answers compressed when allowed;
    /// `/slow` answers after 30 s (or when the server stops); `/large` sends 2,000,000 bytes.
    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("/echo", method: method) { request, _ -> Response in
                let body = try await request.body.collect(upTo: 16 << 20)
                var headers: [String: String] = [:]
                for field in request.headers {
                    let name = field.name.canonicalName
                    headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
                }
                let echo = EchoedRequest(
                    method: request.method.rawValue, headers: headers, bodyLength: body.readableBytes,
                    body: String(buffer: body))
                return Response(
                    status: .ok, headers: [.contentType: "application/json", .init("X-Mixed-Case")!: "kept"],
                    body: .init(byteBuffer: ByteBuffer(bytes: try SatchelJSON.encoder().encode(echo))))
            }
        }
        router.get("/gzip") { request, _ -> Response in
            guard request.headers[.acceptEncoding]?.contains("gzip") == true else {
                return Response(status: .notAcceptable)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain", .contentEncoding: "gzip"],
                body: .init(byteBuffer: ByteBuffer(bytes: gzipBytes)))
        }
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(120))
            return "late"
        }
        router.get("/large") { _, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 2_000_000)))
        }
        return router
    }
}
