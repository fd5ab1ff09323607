import Foundation
import GRDB
import SatchelShared

extension SQLiteStore: PostStore {
    /// Inserts a post.
    public func createPost(_ post: Post) async throws -> Post {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO posts (id, slug, title, excerpt, body, author_id, tags, status, published_at,
                        created_at, updated_at, sort_at, word_count, reading_minutes, comment_status, version,
                        featured_media_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.columnValues(post) + [post.version, post.featuredMediaId?.uuidString])
            try Self.replaceTags(of: post, in: db)
            return try Self.fetchPost(db, where: "p.id = ?", [post.id.uuidString])!
        }
    }

    /// The post with this id.
    public func post(id: UUID) async throws -> Post? {
        try await read { db in try Self.fetchPost(db, where: "p.id = ?", [id.uuidString]) }
    }

    /// The post with this slug.
    public func post(slug: String) async throws -> Post? {
        try await read { db in try Self.fetchPost(db, where: "p.slug = ?", [slug]) }
    }

    /// Whether a slug is taken.
    public func slugExists(_ slug: String) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM posts WHERE slug = ?)", arguments: [slug]) ?? false
        }
    }

    /// A page of posts, newest first, or ranked by relevance when searching.
    public func listPosts(_ query: PostQuery) async throws -> PostPage {
        try await read { db in try SQLitePostListing(query: query).run(db) }
    }

    /// Replaces a post's editable fields under optimistic concurrency.
    public func updatePost(_ post: Post, expectedVersion: Int) async throws -> Post? {
        try await write { db in
            guard let current = try Int.fetchOne(
                db, sql: "SELECT version FROM posts WHERE id = ?", arguments: [post.id.uuidString])
            else { return nil }
            guard current == expectedVersion else { throw StoreError.versionMismatch(current: current) }
            try db.execute(
                sql: """
                    UPDATE posts SET slug = ?, title = ?, excerpt = ?, body = ?, tags = ?, status = ?,
                        published_at = ?, updated_at = ?, sort_at = ?, word_count = ?, reading_minutes = ?,
                        comment_status = ?, featured_media_id = ?, version = version + 1
                    WHERE id = ?
                    """,
                arguments: [
                    post.slug, post.title, post.excerpt, post.body, post.tags.joined(separator: " "),
                    post.status.rawValue, post.publishedAt?.millis, post.updatedAt.millis,
                    (post.publishedAt ?? post.createdAt).millis, post.wordCount, post.readingTimeMinutes,
                    post.commentStatus.rawValue, post.featuredMediaId?.uuidString, post.id.uuidString,
                ])
            try Self.replaceTags(of: post, in: db)
            return try Self.fetchPost(db, where: "p.id = ?", [post.id.uuidString])
        }
    }

    /// Deletes a post with its comments and tags.
    public func deletePost(id: UUID) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM posts WHERE id = ?", arguments: [id.uuidString])
            return db.changesCount > 0
        }
    }

    /// A published post at random.
    public func randomPost() async throws -> Post? {
        try await read { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM posts WHERE status = 'published'") ?? 0
            guard count > 0 else { return nil }
            let offset = Int.random(in: 0..<count)
            return try Self.fetchPost(
                db, where: "p.status = 'published' ORDER BY p.rowid LIMIT 1 OFFSET ?", [offset])
        }
    }

    /// An author with their number of published posts.
    public func author(id: UUID) async throws -> Author? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT u.id, u.username, u.display_name,
                        (SELECT COUNT(*) FROM posts WHERE author_id = u.id AND status = 'published') AS post_count
                    FROM users u WHERE u.id = ?
                    """,
                arguments: [id.uuidString]
            ).map { row in
                Author(
                    id: id, username: row["username"], displayName: row["display_name"],
                    postCount: row["post_count"])
            }
        }
    }

    static let postColumns = """
        p.*, u.username AS author_username, u.display_name AS author_display_name,
        (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.status = 'approved') AS comment_count
        """

    static func fetchPost(_ db: Database, where clause: String, _ arguments: StatementArguments) throws -> Post? {
        // `clause` is one of a few fixed conditions, so the connection caches one statement per caller.
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(postColumns) FROM posts p JOIN users u ON u.id = p.author_id WHERE \(clause)"),
            arguments: arguments
        ).map { try post(from: $0) }
    }

    static func post(from row: Row) throws -> Post {
        let tagText: String = row["tags"]
        return Post(
            id: try StoredValue.uuid(row["id"] as String, column: "posts.id"),
            slug: row["slug"], title: row["title"], excerpt: row["excerpt"], body: row["body"],
            author: Author(
                id: try StoredValue.uuid(row["author_id"] as String, column: "posts.author_id"), username: row["author_username"],
                displayName: row["author_display_name"]),
            tags: tagText.split(separator: " ").map(String.init),
            status: try StoredValue.named(row["status"], column: "posts.status"),
            publishedAt: (row["published_at"] as Int64?).map(Date.init(millis:)),
            createdAt: Date(millis: row["created_at"]),
            updatedAt: Date(millis: row["updated_at"]),
            wordCount: row["word_count"], readingTimeMinutes: row["reading_minutes"],
            commentStatus: try StoredValue.named(row["comment_status"], column: "posts.comment_status"),
            commentCount: row["comment_count"], version: row["version"],
            featuredMediaId: try StoredValue.uuid(row["featured_media_id"] as String?, column: "posts.featured_media_id"))
    }

    private static func columnValues(_ post: Post) -> StatementArguments {
        [
            post.id.uuidString, post.slug, post.title, post.excerpt, post.body, post.author.id.uuidString,
            post.tags.joined(separator: " "), post.status.rawValue, post.publishedAt?.millis,
            post.createdAt.millis, post.updatedAt.millis, (post.publishedAt ?? post.createdAt).millis,
            post.wordCount, post.readingTimeMinutes, post.commentStatus.rawValue,
        ]
    }

    private static func replaceTags(of post: Post, in db: Database) throws {
        try db.execute(sql: "DELETE FROM post_tags WHERE post_id = ?", arguments: [post.id.uuidString])
        for tag in Set(post.tags) {
            try db.execute(
                sql: "INSERT INTO post_tags (post_id, tag) VALUES (?, ?)", arguments: [post.id.uuidString, tag])
        }
    }
}
