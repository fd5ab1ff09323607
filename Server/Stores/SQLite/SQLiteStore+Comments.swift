import Foundation
import GRDB
import SatchelShared

extension SQLiteStore: CommentStore {
    /// Inserts a comment.
    public func createComment(_ comment: Comment) async throws -> Comment {
        try await write { db in
            guard try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM posts WHERE id = ?)", arguments: [comment.postId.uuidString])
                ?? false
            else { throw StoreError.missingReference(field: "postId") }
            try Self.insertComment(db, comment)
            return comment
        }
    }

    /// Inserts `comment` inside a write (a comment posted over HTTP, or a queued comment published by a push).
    static func insertComment(_ db: Database, _ comment: Comment) throws {
        try db.execute(
            sql: """
                INSERT INTO comments (id, post_id, parent_id, author_name, author_url, author_email, email_hash,
                    user_id, body, status, created_at, client_created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                comment.id.uuidString, comment.postId.uuidString, comment.parentId?.uuidString, comment.authorName,
                comment.authorUrl, comment.authorEmail ?? "", comment.emailHash, comment.userId?.uuidString,
                comment.body, comment.status.rawValue, comment.createdAt.millis, comment.clientCreatedAt?.millis,
            ])
    }

    /// The comment with this id.
    public func comment(id: UUID) async throws -> Comment? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM comments WHERE id = ?", arguments: [id.uuidString])
                .map { try Self.comment(from: $0) }
        }
    }

    /// A page of a post's comments with one status, oldest first.
    public func comments(
        postId: UUID, status: CommentModerationStatus, limit: Int, position: CommentListPosition
    ) async throws -> CommentPage {
        try await read { db in
            var sql = "SELECT * FROM comments WHERE post_id = ? AND status = ?"
            var arguments: StatementArguments = [postId.uuidString, status.rawValue]
            if case .after(let createdMillis, let id) = position {
                sql += " AND (created_at > ? OR (created_at = ? AND id > ?))"
                arguments += [createdMillis, createdMillis, id.uuidString]
            }
            sql += " ORDER BY created_at, id LIMIT ?"
            arguments += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let comments = try rows.prefix(limit).map { try Self.comment(from: $0) }
            let next: CommentListPosition? =
                rows.count > limit
                ? comments.last.map { .after(createdMillis: $0.createdAt.millis, id: $0.id) } : nil
            return CommentPage(comments: comments, next: next)
        }
    }

    /// Whether the post already has this exact comment body.
    public func hasComment(postId: UUID, body: String) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM comments WHERE post_id = ? AND body = ? AND status != 'trash')",
                arguments: [postId.uuidString, body.trimmingCharacters(in: .whitespacesAndNewlines)]) ?? false
        }
    }

    /// Sets a comment's moderation status. A comment its writer queued through sync also gets a new
    /// version of its synced record, in the same transaction, so the writer's machines learn the outcome.
    public func setStatus(_ status: CommentModerationStatus, forComment id: UUID, at now: Date) async throws -> Comment? {
        try await write { db in
            try db.execute(
                sql: "UPDATE comments SET status = ? WHERE id = ?", arguments: [status.rawValue, id.uuidString])
            let comment = try Row.fetchOne(db, sql: "SELECT * FROM comments WHERE id = ?", arguments: [id.uuidString])
                .map { try Self.comment(from: $0) }
            if let comment { try SQLiteSyncLookups.refreshQueuedComment(db, comment, now: now) }
            return comment
        }
    }

    static func comment(from row: Row) throws -> Comment {
        Comment(
            id: try StoredValue.uuid(row["id"] as String, column: "comments.id"),
            postId: try StoredValue.uuid(row["post_id"] as String, column: "comments.post_id"),
            parentId: try StoredValue.uuid(row["parent_id"] as String?, column: "comments.parent_id"),
            authorName: row["author_name"], authorUrl: row["author_url"], emailHash: row["email_hash"],
            authorEmail: row["author_email"], userId: try StoredValue.uuid(row["user_id"] as String?, column: "comments.user_id"),
            body: row["body"], status: try StoredValue.named(row["status"], column: "comments.status"),
            createdAt: Date(millis: row["created_at"]),
            clientCreatedAt: (row["client_created_at"] as Int64?).map(Date.init(millis:)))
    }
}
