import Foundation
import SatchelHTTP
import SatchelShared

/// Collects every field error of a request before answering, so a form can show them all at once.
struct FieldValidator {
    private(set) var errors: [FieldError] = []

    /// Records an error for `field`.
    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Requires a non-blank string of at most `maxLength` characters (code points); returns it trimmed.
    mutating func text(_ value: String?, field: String, maxLength: Int, required: Bool = true) -> String? {
        guard let value else {
            if required { fail(field, "is required.") }
            return nil
        }
        if let problem = Self.characterProblem(value) {
            fail(field, problem)
            return nil
        }
        // The limit counts the text as sent, as the OpenAPI schema's maxLength does; what is stored is trimmed.
        if TextRules.length(value) > maxLength {
            fail(field, "must be at most \(maxLength) characters.")
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { fail(field, "must not be empty.") }
            return required ? nil : ""
        }
        return trimmed
    }

    /// Checks an email address's shape: one `@`, a dotted domain, no spaces.
    mutating func email(_ value: String?, field: String) -> String? {
        guard let text = text(value, field: field, maxLength: 254) else { return nil }
        guard Self.isEmail(text) else {
            fail(field, "must be a valid email address, such as reader@example.com.")
            return nil
        }
        return text
    }

    /// Checks an optional `http`/`https` URL.
    mutating func url(_ value: String?, field: String) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        if let problem = Self.characterProblem(value) {
            fail(field, problem)
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard TextRules.length(value) <= 2048, let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else {
            fail(field, "must be an http or https URL.")
            return nil
        }
        return trimmed
    }

    /// Normalizes tags (lower case, spaces to hyphens) and checks count and shape.
    mutating func tags(_ value: [String]?, field: String = "tags") -> [String]? {
        guard let value else { return nil }
        guard value.count <= 20 else {
            fail(field, "may hold at most 20 tags.")
            return nil
        }
        var result = Set<String>()
        for raw in value {
            if let problem = Self.characterProblem(raw) {
                fail(field, problem)
                return nil
            }
            let tag = raw.trimmingCharacters(in: .whitespaces).lowercased()
                .split(whereSeparator: \.isWhitespace).joined(separator: "-")
            guard (1...40).contains(TextRules.length(tag)), tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                fail(field, "each tag must be 1–40 letters, digits or hyphens; '\(raw)' is not.")
                return nil
            }
            result.insert(tag)
        }
        return result.sorted()
    }

    /// Throws a 422 problem listing every error, if any.
    func check() throws {
        if !errors.isEmpty { throw APIError.validation(errors) }
    }

    /// Why `text` cannot be stored: a NUL, or a control character that would break the XML of every feed.
    static func characterProblem(_ text: String) -> String? {
        if TextRules.containsNUL(text) { return TextRules.nulProblem + "." }
        if TextRules.containsForbiddenControl(text) { return TextRules.controlProblem + "." }
        return nil
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }
}
