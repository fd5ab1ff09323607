import Foundation
import Hummingbird

extension Request {
    /// The raw body bytes, for fingerprinting idempotent requests.
    public mutating func bodyData(context: SatchelRequestContext) async throws -> Data {
        try checkDeclaredLength(limit: context.maxUploadSize)
        return Data(buffer: try await collectBody(upTo: context.maxUploadSize))
    }

    /// A UUID path parameter, or a 400 problem naming it.
    public func uuidParameter(_ name: String, context: SatchelRequestContext) throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIError.badParameter(name, "must be a UUID such as 3F2504E0-4F89-11D3-9A0C-0305E82C3301.")
        }
        return id
    }
}
