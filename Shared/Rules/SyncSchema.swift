import Foundation
import SatchelShared

/// The JSON type a synced field must have.
public enum SyncFieldType: Sendable, Hashable {
    /// A string of at most this many characters.
    case string(maxLength: Int)
    /// A string or null.
    case optionalString(maxLength: Int)
    /// A number in a closed range.
    case number(ClosedRange<Double>)
    /// true or false.
    case bool
    /// An array of at most this many strings.
    case stringSet(maxCount: Int)
    /// An ISO 8601 date string.
    case date
    /// An array of at most this many attachment objects (`{digest, size, mediaType, name}`), one per digest.
    case attachments(maxCount: Int)

    /// Whether `value` has this type; otherwise a sentence saying what was expected.
    public func check(_ value: JSONValue) -> String? {
        switch (self, value) {
        case (.string(let max), .string(let text)), (.optionalString(let max), .string(let text)):
            if TextRules.containsNUL(text) { return TextRules.nulProblem }
            // A string has at most as many characters as UTF-8 bytes: count characters only when needed.
            return text.utf8.count <= max || text.count <= max ? nil : "must be at most \(max) characters"
        case (.optionalString, .null):
            return nil
        case (.number(let range), .number(let number)):
            return range.contains(number) ? nil : "must be a number from \(range.lowerBound) to \(range.upperBound)"
        case (.bool, .bool):
            return nil
        case (.stringSet(let max), .array):
            guard let strings = value.stringArrayValue else { return "must be an array of strings" }
            if strings.contains(where: TextRules.containsNUL) { return TextRules.nulProblem }
            return strings.count <= max ? nil : "may hold at most \(max) items"
        case (.date, .string(let text)):
            return SatchelJSON.date(from: text) == nil ? "must be an ISO 8601 date" : nil
        case (.attachments(let max), .array(let items)):
            if items.count > max { return "may hold at most \(max) attachments" }
            for (position, item) in items.enumerated() {
                if let problem = AttachmentRules.problem(item) { return "item \(position) \(problem)" }
            }
            let digests = items.compactMap { Attachment(json: $0)?.digest }
            return Set(digests).count == digests.count ? nil : "may hold each digest once"
        case (.string, _): return "must be a string"
        case (.optionalString, _): return "must be a string or null"
        case (.number, _): return "must be a number"
        case (.bool, _): return "must be true or false"
        case (.stringSet, _): return "must be an array of strings"
        case (.date, _): return "must be an ISO 8601 date string"
        case (.attachments, _): return "must be an array of attachments"
        }
    }
}

/// One synced field: its type, how concurrent edits merge, and its value in a new record.
public struct SyncField: Sendable, Hashable {
    /// The JSON type.
    public var type: SyncFieldType
    /// The merge rule when both sides changed it.
    public var rule: MergeRule
    /// The value a new record gets when a create omits the field.
    public var defaultValue: JSONValue
    /// Whether a create must carry it.
    public var requiredOnCreate: Bool

    /// Creates a field description.
    public init(_ type: SyncFieldType, _ rule: MergeRule, default defaultValue: JSONValue, required: Bool = false) {
        self.type = type
        self.rule = rule
        self.defaultValue = defaultValue
        self.requiredOnCreate = required
    }
}

/// The fields of each synced entity and their merge rules, shared by server and client.
public enum SyncSchema {
    /// The fields of `entity` that clients may write.
    public static func fields(of entity: SyncEntity) -> [String: SyncField] {
        switch entity {
        case .savedArticle: savedArticle
        case .draft: draft
        case .comment: comment
        case .conflict: conflict
        case .highlight: highlight
        case .follow: follow
        }
    }

    /// Every field of `entity` at its default value: a new record before the create's fields are set.
    public static func defaults(of entity: SyncEntity) -> [String: JSONValue] {
        switch entity {
        case .savedArticle: savedArticleDefaults
        case .draft: draftDefaults
        case .comment: commentDefaults
        case .conflict: conflictDefaults
        case .highlight: highlightDefaults
        case .follow: followDefaults
        }
    }

    private static let savedArticleDefaults = savedArticle.mapValues(\.defaultValue)
    private static let draftDefaults = draft.mapValues(\.defaultValue)
    private static let commentDefaults = comment.mapValues(\.defaultValue)
    private static let conflictDefaults = conflict.mapValues(\.defaultValue)
    private static let highlightDefaults = highlight.mapValues(\.defaultValue)
    private static let followDefaults = follow.mapValues(\.defaultValue)

    /// The fields a create of `entity` must carry, sorted by name.
    static func requiredOnCreate(_ entity: SyncEntity) -> [String] {
        switch entity {
        case .savedArticle: requiredSavedArticle
        case .draft: requiredDraft
        case .comment: requiredComment
        case .conflict: requiredConflict
        case .highlight: requiredHighlight
        case .follow: requiredFollow
        }
    }

    private static let requiredSavedArticle = required(savedArticle)
    private static let requiredDraft = required(draft)
    private static let requiredComment = required(comment)
    private static let requiredConflict = required(conflict)
    private static let requiredHighlight = required(highlight)
    private static let requiredFollow = required(follow)

    private static func required(_ schema: [String: SyncField]) -> [String] {
        schema.filter(\.value.requiredOnCreate).keys.sorted()
    }

    static let savedArticle: [String: SyncField] = [
        "url": SyncField(.string(maxLength: 2048), .lastWriterWins, default: .string(""), required: true),
        "title": SyncField(.string(maxLength: 500), .lastWriterWins, default: .string("")),
        "siteName": SyncField(.string(maxLength: 200), .lastWriterWins, default: .string("")),
        "excerpt": SyncField(.string(maxLength: 2000), .lastWriterWins, default: .string("")),
        "postId": SyncField(.optionalString(maxLength: 36), .lastWriterWins, default: .null),
        "tags": SyncField(.stringSet(maxCount: 50), .setUnion, default: .array([])),
        "note": SyncField(.string(maxLength: 100_000), .threeWayText, default: .string("")),
        "favorite": SyncField(.bool, .lastWriterWins, default: .bool(false)),
        "archived": SyncField(.bool, .lastWriterWins, default: .bool(false)),
        "readingProgress": SyncField(.number(0...1), .maximum, default: .number(0)),
        "savedAt": SyncField(.date, .lastWriterWins, default: .null),
        "attachments": SyncField(.attachments(maxCount: 1_000), .setUnion, default: .array([])),
        "byline": SyncField(.string(maxLength: 500), .lastWriterWins, default: .string("")),
        "finalUrl": SyncField(.string(maxLength: 2048), .lastWriterWins, default: .string("")),
        "readingMinutes": SyncField(.number(0...100_000), .lastWriterWins, default: .number(0)),
        "captureStatus": SyncField(.string(maxLength: 16), .lastWriterWins, default: .string("")),
        "captureError": SyncField(.string(maxLength: 1000), .lastWriterWins, default: .string("")),
        "capturedAt": SyncField(.optionalString(maxLength: 40), .lastWriterWins, default: .null),
        "captureDigest": SyncField(.optionalString(maxLength: 71), .lastWriterWins, default: .null),
    ]

    static let draft: [String: SyncField] = [
        "kind": SyncField(.string(maxLength: 16), .lastWriterWins, default: .string("post"), required: true),
        "postId": SyncField(.optionalString(maxLength: 36), .lastWriterWins, default: .null),
        "title": SyncField(.string(maxLength: 500), .threeWayText, default: .string("")),
        "body": SyncField(.string(maxLength: 500_000), .threeWayText, default: .string("")),
        "tags": SyncField(.stringSet(maxCount: 50), .setUnion, default: .array([])),
        "attachments": SyncField(.attachments(maxCount: 1_000), .setUnion, default: .array([])),
    ]

    static let comment: [String: SyncField] = [
        "postId": SyncField(.string(maxLength: 36), .lastWriterWins, default: .null, required: true),
        "parentId": SyncField(.optionalString(maxLength: 36), .lastWriterWins, default: .null),
        "body": SyncField(.string(maxLength: 10_000), .lastWriterWins, default: .string(""), required: true),
        "clientCreatedAt": SyncField(.date, .lastWriterWins, default: .null),
    ]

    /// A highlight: where it is (quote, context, position on a capture) is set once by its maker and
    /// last writer wins if two machines ever write it; the color too; the note merges three-way.
    static let highlight: [String: SyncField] = [
        "articleId": SyncField(.string(maxLength: 36), .lastWriterWins, default: .string(""), required: true),
        "exact": SyncField(.string(maxLength: 10_000), .lastWriterWins, default: .string(""), required: true),
        "prefix": SyncField(.string(maxLength: 200), .lastWriterWins, default: .string("")),
        "suffix": SyncField(.string(maxLength: 200), .lastWriterWins, default: .string("")),
        "start": SyncField(.number(0...100_000_000), .lastWriterWins, default: .number(0)),
        "end": SyncField(.number(0...100_000_000), .lastWriterWins, default: .number(0)),
        "captureDigest": SyncField(.optionalString(maxLength: 71), .lastWriterWins, default: .null),
        "repeatIndex": SyncField(.number(0...100_000), .lastWriterWins, default: .number(0)),
        "repeatCount": SyncField(.number(1...100_000), .lastWriterWins, default: .number(1)),
        "occurrences": SyncField(.number(1...100_000), .lastWriterWins, default: .number(1)),
        "nearOccurrences": SyncField(.number(1...100_000), .lastWriterWins, default: .number(1)),
        "color": SyncField(.string(maxLength: 16), .lastWriterWins, default: .string("yellow")),
        "note": SyncField(.string(maxLength: 100_000), .threeWayText, default: .string("")),
        "createdAt": SyncField(.date, .lastWriterWins, default: .null),
    ]

    /// A follow: what is followed (`kind` and `target`) is set once by its maker; its name and where its items
    /// go are the reader's to change, last writer wins. Deleting it is unfollowing, on every machine.
    static let follow: [String: SyncField] = [
        "kind": SyncField(.string(maxLength: 16), .lastWriterWins, default: .string("feed"), required: true),
        "target": SyncField(.string(maxLength: 2048), .lastWriterWins, default: .string(""), required: true),
        "name": SyncField(.string(maxLength: 200), .lastWriterWins, default: .string("")),
        "siteUrl": SyncField(.string(maxLength: 2048), .lastWriterWins, default: .string("")),
        "delivery": SyncField(.string(maxLength: 16), .lastWriterWins, default: .string("readingList")),
        "createdAt": SyncField(.date, .lastWriterWins, default: .null),
    ]

    static let conflict: [String: SyncField] = [
        "resolved": SyncField(.bool, .lastWriterWins, default: .bool(false)),
        "resolution": SyncField(.optionalString(maxLength: 16), .lastWriterWins, default: .null),
    ]

    /// Checks a mutation's fields against the schema: unknown fields, wrong types, missing required fields.
    /// Returns the reason for rejecting it, or `nil` when it is acceptable.
    public static func validate(_ mutation: Mutation) -> String? {
        let schema = fields(of: mutation.entity)
        // Checked in any order first (the common case: nothing wrong); only a problem pays for the
        // sorted pass that names the first problem by field name, so the reason never varies.
        let fieldsValid = mutation.fields.allSatisfy { name, change in
            schema[name].map { $0.type.check(change.value) == nil } ?? false
        }
        if !fieldsValid {
            for (name, change) in mutation.fields.sorted(by: { $0.key < $1.key }) {
                guard let field = schema[name] else {
                    return "The field '\(name)' is not a field of \(mutation.entity.rawValue)."
                }
                if let problem = field.type.check(change.value) { return "The field '\(name)' \(problem)." }
            }
        }
        if mutation.op == .create {
            for name in requiredOnCreate(mutation.entity) where mutation.fields[name] == nil {
                return "A new \(mutation.entity.rawValue) needs the field '\(name)'."
            }
        }
        if mutation.entity == .draft, let kind = mutation.fields["kind"]?.value.stringValue,
           DraftKind(rawValue: kind) == nil
        {
            return "The field 'kind' must be 'post' or 'comment'."
        }
        if mutation.entity == .follow {
            if let kind = mutation.fields["kind"]?.value.stringValue, FollowKind(rawValue: kind) == nil {
                return "The field 'kind' must be 'author' or 'feed'."
            }
            if let delivery = mutation.fields["delivery"]?.value.stringValue, FollowDelivery(rawValue: delivery) == nil {
                return "The field 'delivery' must be 'readingList' or 'inbox'."
            }
            if mutation.op == .create, mutation.fields["target"]?.value.stringValue?.isEmpty == true {
                return "A new follow needs a 'target'."
            }
        }
        return nil
    }
}
