import Foundation
import SatchelShared
import SatchelSync

extension LocalStore {
    /// Saves an article to the reading list; `capturePending` marks its page as waiting for capture.
    @discardableResult
    public func saveArticle(
        url: String, title: String? = nil, tags: [String] = [], note: String = "", siteName: String? = nil,
        excerpt: String = "", postId: UUID? = nil, capturePending: Bool = false
    ) throws -> SavedArticle {
        guard let parsed = URL(string: url), let host = parsed.host, ["http", "https"].contains(parsed.scheme?.lowercased()) else {
            throw LocalStoreError.invalid("'\(url)' is not an http or https URL.")
        }
        let id = UUID.timeOrdered()
        let now = environment.now()
        let record = try write(.savedArticle, id, .create) { fields in
            fields["url"] = .string(url)
            fields["title"] = .string(title ?? host)
            fields["siteName"] = .string(siteName ?? host)
            fields["excerpt"] = .string(excerpt)
            fields["note"] = .string(note)
            fields["tags"] = .array(Self.normalized(tags).map(JSONValue.string))
            fields["postId"] = postId.map { .string($0.uuidString) } ?? .null
            fields["savedAt"] = .string(SatchelJSON.string(from: now))
            if capturePending { fields["captureStatus"] = .string(CaptureStatus.pending.rawValue) }
        }
        return try Self.article(from: record)
    }

    /// Changes a saved article; only the fields the closure changes are synced.
    @discardableResult
    public func updateArticle(_ id: UUID, _ change: (inout SavedArticle) throws -> Void) throws -> SavedArticle {
        let record = try write(.savedArticle, id, .update) { fields in
            var article = try Self.article(from: LocalRecord(entity: .savedArticle, id: id, fields: fields, updatedAt: Date()))
            try change(&article)
            guard (0...1).contains(article.readingProgress) else {
                throw LocalStoreError.invalid("Reading progress must be from 0 to 1.")
            }
            fields["title"] = .string(article.title)
            fields["note"] = .string(article.note)
            fields["tags"] = .array(Self.normalized(article.tags).map(JSONValue.string))
            fields["favorite"] = .bool(article.favorite)
            fields["archived"] = .bool(article.archived)
            fields["readingProgress"] = .number(article.readingProgress)
        }
        return try Self.article(from: record)
    }

    /// Archives (or unarchives) an article.
    @discardableResult
    public func archive(_ id: UUID, _ archived: Bool = true) throws -> SavedArticle {
        try updateArticle(id) { $0.archived = archived }
    }

    /// Marks (or unmarks) an article as a favorite.
    @discardableResult
    public func favorite(_ id: UUID, _ favorite: Bool = true) throws -> SavedArticle {
        try updateArticle(id) { $0.favorite = favorite }
    }

    /// Adds and removes tags.
    @discardableResult
    public func tag(_ id: UUID, add: [String] = [], remove: [String] = []) throws -> SavedArticle {
        try updateArticle(id) { article in
            article.tags = Array(Set(article.tags).union(Self.normalized(add)).subtracting(Self.normalized(remove)))
        }
    }

    /// Records how far the reader got, 0…1.
    @discardableResult
    public func setProgress(_ id: UUID, _ progress: Double) throws -> SavedArticle {
        try updateArticle(id) { $0.readingProgress = progress }
    }

    /// Replaces the reader's note.
    @discardableResult
    public func setNote(_ id: UUID, _ note: String) throws -> SavedArticle {
        try updateArticle(id) { $0.note = note }
    }

    /// Removes an article from the reading list (on every machine, after sync).
    public func deleteArticle(_ id: UUID) throws {
        try write(.savedArticle, id, .delete) { _ in }
    }

    /// One article with its sync state.
    public func article(_ id: UUID) throws -> Synced<SavedArticle>? {
        try synced(.savedArticle, id).map { Synced(value: try Self.article(from: $0.0), state: $0.1) }
    }

    /// Every saved article with its sync state, most recently saved first.
    public func articles() throws -> [Synced<SavedArticle>] {
        try database.read(Self.articles)
    }

    static func articles(_ tables: LocalTables) throws -> [Synced<SavedArticle>] {
        try synced(tables, .savedArticle).map { Synced(value: try article(from: $0.0), state: $0.1) }
            .sorted { $0.value.savedAt > $1.value.savedAt }
    }

    static func article(from record: LocalRecord) throws -> SavedArticle {
        SavedArticle(id: record.id, fields: record.fields, updatedAt: record.updatedAt, deleted: record.deleted)
    }

    static func normalized(_ tags: [String]) -> [String] {
        Array(Set(tags.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })).sorted()
    }
}
