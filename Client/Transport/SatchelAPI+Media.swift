import Foundation
import SatchelShared

extension SatchelAPI {
    /// `POST /v1/media`: uploads an image as the raw body, named `name` (authors and admins). The server sniffs
    /// its type; `mediaType` is a hint.
    public func uploadMedia(_ bytes: Data, name: String, mediaType: String) async throws -> Media {
        let quoted = String(String.UnicodeScalarView(name.unicodeScalars.map {
            $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? $0 : "_"
        }))
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? quoted
        let request = HTTPRequestSpec(
            method: "POST", path: "/v1/media",
            headers: [
                HTTPHeader("Content-Type", mediaType),
                HTTPHeader("Content-Disposition", "attachment; filename=\"\(quoted)\"; filename*=UTF-8''\(encoded)"),
            ],
            body: bytes)
        return try Self.decode(Media.self, from: try await exchange(request))
    }
}
