import Foundation

/// One invalid field of a request, named so a form can highlight it.
public struct FieldError: Codable, Sendable, Hashable {
    /// The JSON key at fault, e.g. `authorEmail`.
    public var field: String
    /// What is wrong, in words a person can act on.
    public var message: String

    /// Creates a field error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// An RFC 9457 problem document, the body of every Satchel error response.
public struct Problem: Codable, Sendable, Hashable, Error {
    /// A URI reference naming the kind of problem, e.g. `/problems/validation`.
    public var type: String
    /// A short summary of the kind of problem.
    public var title: String
    /// The HTTP status code.
    public var status: Int
    /// What went wrong this time, in plain words.
    public var detail: String
    /// Per-field errors, for validation problems.
    public var errors: [FieldError]?

    /// Creates a problem document.
    public init(type: String = "about:blank", title: String, status: Int, detail: String, errors: [FieldError]? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    /// The media type of problem documents.
    public static let mediaType = "application/problem+json"
}
