import Foundation
import SatchelShared

extension SatchelAPI {
    /// `POST /v1/captures`: the server captures `url` (from `html` when given) into the reader's list.
    public func capture(url: String, html: String? = nil) async throws -> CaptureResponse {
        try await call("POST", "/v1/captures", body: CaptureRequest(url: url, html: html))
    }
}
