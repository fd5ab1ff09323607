import Foundation
import Hummingbird
import Shared

extension Request {
    /// Reads the body (up to the upload limit) and decodes it, turning decoding failures into
    /// a 400 problem that names the offending field.
    mutating func decodeJSON<T: Decodable>(
        _ type: T.Type, context: SatchelRequestContext, maxBytes: Int? = nil
    ) async throws -> T {
        try requireJSONContentType()
        try checkDeclaredLength(limit: maxBytes ?? context.maxUploadSize)
        let buffer = try await collectBody(upTo: maxBytes ?? context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw APIError.malformedBody("The request needs a JSON body.")
        }
        do {
            return try SatchelJSON.decoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError.malformedBody(Self.describe(error), field: Self.fieldName(error))
        }
    }

    /// The raw body bytes, for fingerprinting idempotent requests.
    mutating func bodyData(context: SatchelRequestContext) async throws -> Data {
        try checkDeclaredLength(limit: context.maxUploadSize)
        return Data(buffer: try await collectBody(upTo: context.maxUploadSize))
    }

    /// A UUID path parameter, or a 400 problem naming it.
    func uuidParameter(_ name: String, context: SatchelRequestContext) throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIError.badParameter(name, "must be a UUID such as 3F2504E0-4F89-11D3-9A0C-0305E82C3301.")
        }
        return id
    }

    private static func fieldName(_ error: DecodingError) -> String? {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        let name = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return name.isEmpty ? nil : name
    }

    private static func describe(_ error: DecodingError) -> String {
        let field = fieldName(error).map { "'\($0)'" }
        switch error {
        case .keyNotFound(let key, _):
            return "The required field '\(key.stringValue)' is missing."
        case .typeMismatch(let type, _):
            return "The field \(field ?? "value") has the wrong type; expected \(Self.jsonTypeName(type))."
        case .valueNotFound(let type, _):
            return "The field \(field ?? "value") must not be null; expected \(Self.jsonTypeName(type))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON." }
            return "The field \(field ?? "value") is invalid: \(context.debugDescription)"
        @unknown default:
            return "The body could not be read."
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a \(type)"
        }
    }
}
