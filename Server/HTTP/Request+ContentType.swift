import Hummingbird

extension Request {
    /// Refuses a body that is not declared as JSON with 415: without this check any web page could post
    /// to the API through its visitors' browsers with a "simple" form or `text/plain` request, which
    /// browsers send cross-origin without asking.
    public func requireJSONContentType() throws {
        guard let header = headers[.contentType] else {
            throw APIError.unsupportedMediaType("The request body must be sent as Content-Type: application/json.")
        }
        guard Self.isJSON(mediaType: header) else {
            throw APIError.unsupportedMediaType(
                "The request body must be sent as Content-Type: application/json, not \(header.prefix(100)).")
        }
    }

    /// Whether a `Content-Type` value names JSON: `application/json` or `application/<something>+json`,
    /// with any parameters (such as `charset=utf-8`).
    static func isJSON(mediaType header: String) -> Bool {
        let mediaType = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let essence = mediaType.trimmingCharacters(in: .whitespaces).lowercased()
        return essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json"))
    }
}

extension Request {
    /// Refuses at once, with 413, a body whose declared `Content-Length` is past `limit`, before reading any of it.
    public func checkDeclaredLength(limit: Int) throws {
        if let declared = headers[.contentLength].flatMap(Int.init), declared > limit {
            throw HTTPError(.contentTooLarge)
        }
    }
}
