import Foundation
import GRDB
import SatchelShared

/// Builds and runs the SQL of one post list query: filters, keyset or ranked pagination.
struct SQLitePostListing {
    let query: PostQuery

    func run(_ db: Database) throws -> PostPage {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let drafter = query.includeDraftsOf {
            conditions.append("(p.status = 'published' OR p.author_id = ?)")
            arguments += [drafter.uuidString]
        } else {
            conditions.append("p.status = 'published'")
        }
        if let author = query.authorId {
            conditions.append("p.author_id = ?")
            arguments += [author.uuidString]
        }
        if let tag = query.tag {
            conditions.append("EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.tag = ?)")
            arguments += [tag]
        }
        let fetchLimit = query.limit + 1
        if let search = query.search, let match = Self.matchExpression(for: search) {
            return try ranked(db, match: match, conditions: conditions, arguments: arguments, fetchLimit: fetchLimit)
        }
        if case .after(let sortMillis, let id) = query.position {
            conditions.append("(p.sort_at < ? OR (p.sort_at = ? AND p.id < ?))")
            arguments += [sortMillis, sortMillis, id.uuidString]
        }
        let sql = """
            SELECT \(SQLiteStore.postColumns) FROM posts p JOIN users u ON u.id = p.author_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY p.sort_at DESC, p.id DESC LIMIT ?
            """
        arguments += [fetchLimit]
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        let posts = try rows.prefix(query.limit).map { try SQLiteStore.post(from: $0) }
        let next: PostListPosition? =
            rows.count > query.limit
            ? posts.last.map { .after(sortMillis: ($0.publishedAt ?? $0.createdAt).millis, id: $0.id) } : nil
        return PostPage(posts: posts, next: next)
    }

    private func ranked(
        _ db: Database, match: String, conditions: [String], arguments: StatementArguments, fetchLimit: Int
    ) throws -> PostPage {
        var offset = 0
        if case .offset(let skip) = query.position { offset = skip }
        let sql = """
            SELECT \(SQLiteStore.postColumns) FROM posts_fts
            JOIN posts p ON p.rowid = posts_fts.rowid JOIN users u ON u.id = p.author_id
            WHERE posts_fts MATCH ? AND \(conditions.joined(separator: " AND "))
            ORDER BY bm25(posts_fts, 10.0, 1.0, 5.0), p.sort_at DESC, p.id DESC LIMIT ? OFFSET ?
            """
        let rows = try Row.fetchAll(db, sql: sql, arguments: [match] + arguments + [fetchLimit, offset])
        let posts = try rows.prefix(query.limit).map { try SQLiteStore.post(from: $0) }
        return PostPage(posts: posts, next: rows.count > query.limit ? .offset(offset + query.limit) : nil)
    }

    /// Turns free text into an FTS5 query: every word must match, the last one as a prefix.
    /// Quoting each word keeps FTS5 syntax (`OR`, `NEAR`, `*`, quotes) in user input from being interpreted.
    static func matchExpression(for text: String) -> String? {
        let words = PostQuery.searchWords(in: text)
        guard !words.isEmpty else { return nil }
        var terms = words.map { "\"\($0)\"" }
        terms[terms.count - 1] += "*"
        return terms.joined(separator: " ")
    }
}
