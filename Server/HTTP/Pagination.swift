import Foundation
import HTTPTypes
import Hummingbird
import SatchelShared

/// Query-string pagination: `?limit=` and the opaque `?cursor=`, plus the `Link` header of the next page.
public struct Pagination: Sendable {
    /// Page size asked for, validated.
    public let limit: Int
    /// Decoded cursor fields, or `nil` for the first page.
    public let cursor: [String: String]?

    /// Reads and validates `limit` and `cursor` from the query string.
    public init(request: Request, maxLimit: Int = RequestLimits.maxPageSize) throws {
        limit = try Self.limit(request, maxLimit: maxLimit) ?? min(RequestLimits.defaultPageSize, maxLimit)
        if let text = Self.cursorText(request) {
            guard let fields = Self.decode(text) else {
                throw APIError.badParameter("cursor", "is not a cursor this server issued; start again without it.")
            }
            cursor = fields
        } else {
            cursor = nil
        }
    }

    /// The `limit` query parameter, `nil` when absent; a 400 problem unless it is a whole number from 1
    /// to `maxLimit`. (The sync pull reads its limit here and decodes its own kind of cursor, once.)
    public static func limit(_ request: Request, maxLimit: Int) throws -> Int? {
        guard let text = request.uri.queryParameters["limit"].map(String.init) else { return nil }
        guard let value = Int(text), (1...maxLimit).contains(value) else {
            throw APIError.badParameter("limit", "must be a whole number from 1 to \(maxLimit).")
        }
        return value
    }

    /// The `cursor` query parameter's text, or `nil` when it is absent or empty: `?cursor=` asks for the
    /// first page, on every list (the blog's pages read it the same way).
    public static func cursorText(_ request: Request) -> String? {
        guard let text = request.uri.queryParameters["cursor"].map(String.init), !text.isEmpty else { return nil }
        return text
    }

    /// The `Link` header's name.
    static let linkField = HTTPField.Name("Link")!

    /// Encodes cursor fields as opaque base64url text (a JSON object with sorted keys, written by the
    /// project's one JSON writer: the same bytes `JSONSerialization` wrote, so older cursors still read).
    public static func encode(_ fields: [String: String]) -> String {
        JSONValue.object(fields.mapValues(JSONValue.string)).jsonData().base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes cursor text made by ``encode(_:)``; `nil` when it is not one.
    public static func decode(_ text: String) -> [String: String]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard text.count <= 512, let data = Data(base64Encoded: base64),
              case .object(let object)? = try? JSONValue(parsing: data)
        else { return nil }
        var fields: [String: String] = [:]
        for (key, value) in object {
            guard case .string(let text) = value else { return nil }
            fields[key] = text
        }
        return fields
    }

    /// The `Link` header pointing at the next page, keeping the other query parameters.
    static func linkHeader(request: Request, nextCursor: String) -> String {
        var items = request.uri.queryParameters.filter { $0.key != "cursor" }
            .map { "\(percentEncode(String($0.key)))=\(percentEncode(String($0.value)))" }
        items.append("cursor=\(nextCursor)")
        return "<\(request.uri.path)?\(items.sorted().joined(separator: "&"))>; rel=\"next\""
    }

    /// A page: `{items, nextCursor}` with the `Link` header when there is a next page.
    public static func body<T: Codable & Sendable>(items: [T], nextCursor: String?, request: Request) throws -> CacheableBody {
        var headers: HTTPFields = [:]
        if let nextCursor { headers[Self.linkField] = linkHeader(request: request, nextCursor: nextCursor) }
        return try .json(Page(items: items, nextCursor: nextCursor), headers: headers)
    }

    private static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
