import Foundation
import PostgresNIO
import SatchelShared

extension PostgresStore: CommentStore {
    /// Inserts a comment; the foreign key on `post_id` reports a missing post.
    public func createComment(_ comment: Comment) async throws -> Comment {
        try await rows(Self.insert(comment))
        return comment
    }

    /// The comment with this id.
    public func comment(id: UUID) async throws -> Comment? {
        try await rows("SELECT \(unescaped: Self.commentColumns) FROM comments WHERE id = \(id)")
            .first.map(Self.comment(from:))
    }

    /// A page of a post's comments with one status, oldest first.
    public func comments(
        postId: UUID, status: CommentModerationStatus, limit: Int, position: CommentListPosition
    ) async throws -> CommentPage {
        var builder = PostgresQueryBuilder()
        var sql = """
            SELECT \(Self.commentColumns) FROM comments
            WHERE post_id = \(builder.bind(postId)) AND status = \(builder.bind(status.rawValue))
            """
        if case .after(let createdMillis, let id) = position {
            sql += " AND (created_at, id) > (\(builder.bind(createdMillis)), \(builder.bind(id)))"
        }
        sql += " ORDER BY created_at, id LIMIT \(builder.bind(limit + 1))"
        builder.sql = sql
        let found = try await rows(builder.query).map(Self.comment(from:))
        let comments = Array(found.prefix(limit))
        let next: CommentListPosition? =
            found.count > limit ? comments.last.map { .after(createdMillis: $0.createdAt.millis, id: $0.id) } : nil
        return CommentPage(comments: comments, next: next)
    }

    /// Whether the post already has this exact comment body.
    public func hasComment(postId: UUID, body: String) async throws -> Bool {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await rows("""
            SELECT EXISTS (SELECT 1 FROM comments WHERE post_id = \(postId) AND body = \(trimmed) AND status <> 'trash')
            """).first?.decode(Bool.self) ?? false
    }

    /// Sets a comment's moderation status. A comment its writer queued through sync also gets a new
    /// version of its synced record, in the same transaction, so the writer's machines learn the outcome.
    public func setStatus(_ status: CommentModerationStatus, forComment id: UUID, at now: Date) async throws -> Comment? {
        try await transaction { connection in
            let comment = try await connection.query("""
                UPDATE comments SET status = \(status.rawValue) WHERE id = \(id) RETURNING \(unescaped: Self.commentColumns)
                """, logger: logger).collect().first.map(Self.comment(from:))
            if let comment { try await Self.refreshQueuedComment(comment, now: now, on: connection, logger: logger) }
            return comment
        }
    }

    /// The statement inserting `comment`.
    static func insert(_ comment: Comment) -> PostgresQuery {
        """
        INSERT INTO comments (id, post_id, parent_id, author_name, author_url, author_email, email_hash,
            user_id, body, status, created_at, client_created_at)
        VALUES (\(comment.id), \(comment.postId), \(comment.parentId), \(comment.authorName), \(comment.authorUrl),
            \(comment.authorEmail ?? ""), \(comment.emailHash), \(comment.userId), \(comment.body),
            \(comment.status.rawValue), \(comment.createdAt.millis), \(comment.clientCreatedAt?.millis))
        """
    }

    static let commentColumns = """
        id, post_id, parent_id, author_name, author_url, author_email, email_hash, user_id, body, status,
        created_at, client_created_at
        """

    static func comment(from row: PostgresRow) throws -> Comment {
        let (id, postId, parentId, authorName, authorUrl, authorEmail, emailHash, userId, body, status, created, client) =
            try row.decode((UUID, UUID, UUID?, String, String?, String, String, UUID?, String, String, Int64, Int64?).self)
        return Comment(
            id: id, postId: postId, parentId: parentId, authorName: authorName, authorUrl: authorUrl,
            emailHash: emailHash, authorEmail: authorEmail, userId: userId, body: body,
            status: try StoredValue.named(status, column: "comments.status"), createdAt: Date(millis: created),
            clientCreatedAt: client.map(Date.init(millis:)))
    }
}
