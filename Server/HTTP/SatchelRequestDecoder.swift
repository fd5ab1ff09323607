import Foundation
import Hummingbird
import SatchelShared

/// Reads JSON request bodies in the Satchel conventions (``SatchelJSON``) for `request.decode(as:context:)`:
/// the body must be declared as JSON (415 otherwise), fit the context's upload limit (413), be present,
/// and decode; a decoding failure is a 400 problem that names the offending field.
public struct SatchelRequestDecoder: RequestDecoder {
    /// A decoder; it holds no state.
    public init() {}

    /// Decodes `type` from the request's body, or throws the problem that says what is wrong with it.
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try request.requireJSONContentType()
        try request.checkDeclaredLength(limit: context.maxUploadSize)
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw APIError.malformedBody("The request needs a JSON body.")
        }
        do {
            return try SatchelJSON.decoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError.malformedBody(Self.describe(error), field: Self.fieldName(error))
        }
    }

    /// The dotted path of the field a decoding error is about (`tags.[2]`), or `nil` for the whole body.
    static func fieldName(_ error: DecodingError) -> String? {
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

    /// A sentence a client developer can act on.
    static func describe(_ error: DecodingError) -> String {
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
