import Foundation
import SatchelShared

/// Reading answers: errors, `Retry-After`, bodies; and building paths with queries.
extension SatchelAPI {
    /// The error for a non-2xx response: its problem document when the body is `application/problem+json`,
    /// and its `Retry-After` as a delay in seconds.
    static func error(for response: HTTPResponseData, now: Date) -> TransportError {
        var problem: Problem?
        if let type = response.header("content-type"),
           type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == Problem.mediaType
        {
            problem = try? SatchelJSON.decoder().decode(Problem.self, from: response.body)
        }
        let retryAfter = response.header("retry-after").flatMap { retryDelay($0, now: now) }
        return .http(status: response.status, problem: problem, retryAfter: retryAfter)
    }

    /// Parses a `Retry-After` value, either delay seconds (`120`) or an HTTP date
    /// (`Wed, 21 Oct 2026 07:28:00 GMT`), into seconds from `now`; a date in the past gives 0.
    static func retryDelay(_ value: String, now: Date) -> TimeInterval? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return TimeInterval(text)
        }
        guard let date = httpDate(text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// Parses an HTTP date in the preferred IMF-fixdate form or either obsolete form RFC 9110 says to accept.
    static func httpDate(_ text: String) -> Date? {
        // asctime pads the day with a space (`Nov  6`); single spaces let one pattern read every form.
        let text = text.split(separator: " ").joined(separator: " ")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// Decodes a 2xx body, or throws ``TransportError/malformedResponse(_:)`` saying what did not fit.
    /// Decodes a sync message with the fast wire codec: pulls and pushes carry up to thousands of records.
    static func decodeSync<Value: SyncWireCodable>(_ type: Value.Type, from response: HTTPResponseData) throws -> Value {
        try requireBody(response)
        do {
            return try Value.decode(response.body)
        } catch {
            throw TransportError.malformedResponse("expected \(Value.self): \(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from response: HTTPResponseData) throws -> Value {
        try requireBody(response)
        do {
            return try SatchelJSON.decoder().decode(Value.self, from: response.body)
        } catch let error as DecodingError {
            throw TransportError.malformedResponse("expected \(Value.self): \(describe(error))")
        } catch {
            throw TransportError.malformedResponse("expected \(Value.self): \(error)")
        }
    }

    /// A 2xx answer with no body where one was due was cut short on the way (libcurl reports a connection
    /// closed inside the headers as success with an empty body): a transport failure, retried like any other.
    static func requireBody(_ response: HTTPResponseData) throws {
        if response.body.isEmpty { throw TransportError.network("the server's answer was cut short") }
    }

    /// One line naming the JSON path and the complaint.
    private static func describe(_ error: DecodingError) -> String {
        let (path, detail): ([any CodingKey], String) =
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                (context.codingPath, context.debugDescription)
            case .keyNotFound(let key, let context):
                (context.codingPath + [key], "missing")
            @unknown default:
                ([], "\(error)")
            }
        let location = path.map(\.stringValue).joined(separator: ".")
        return location.isEmpty ? detail : "\(location): \(detail)"
    }

    /// `path` followed by the query items that have a value, each percent-encoded.
    static func path(_ path: String, query: [(String, String?)]) -> String {
        let items = query.compactMap { name, value in value.map { "\(name)=\(percentEncoded($0))" } }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so `&`, `=`, `+`, `/`, `#` and
    /// spaces inside a value cannot change the meaning of a query or path.
    static func percentEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

extension HTTPResponseData {
    /// A header's value; names are lower case by contract, but a hand-made response may not follow it.
    func header(_ name: String) -> String? {
        if let value = headers[name] { return value }
        return headers.first { $0.key.lowercased() == name }?.value
    }
}
