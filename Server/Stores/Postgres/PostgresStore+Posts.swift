import Foundation
import PostgresNIO
import SatchelShared

extension PostgresStore: PostStore {
    /// Inserts a post.
    public func createPost(_ post: Post) async throws -> Post {
        try await transaction { connection in
            let sortAt = (post.publishedAt ?? post.createdAt).millis
            try await connection.query("""
                INSERT INTO posts (id, slug, title, excerpt, body, author_id, tags, status, published_at,
                    created_at, updated_at, sort_at, word_count, reading_minutes, comment_status, version, featured_media_id)
                VALUES (\(post.id), \(post.slug), \(post.title), \(post.excerpt), \(post.body), \(post.author.id),
                    \(post.tags.joined(separator: " ")), \(post.status.rawValue), \(post.publishedAt?.millis),
                    \(post.createdAt.millis), \(post.updatedAt.millis), \(sortAt), \(post.wordCount),
                    \(post.readingTimeMinutes), \(post.commentStatus.rawValue), \(post.version), \(post.featuredMediaId))
                """, logger: logger)
            try await Self.replaceTags(of: post, on: connection, logger: logger)
            guard let created = try await Self.fetchPost(id: post.id, on: connection, logger: logger) else {
                throw StoreError.unavailable("post vanished")
            }
            return created
        }
    }

    /// The post with this id.
    public func post(id: UUID) async throws -> Post? {
        try await rows("SELECT \(unescaped: Self.postColumns) \(unescaped: Self.postSource) WHERE p.id = \(id)")
            .first.map(Self.post(from:))
    }

    /// The post with this slug.
    public func post(slug: String) async throws -> Post? {
        try await rows("SELECT \(unescaped: Self.postColumns) \(unescaped: Self.postSource) WHERE p.slug = \(slug)")
            .first.map(Self.post(from:))
    }

    /// Whether a slug is taken.
    public func slugExists(_ slug: String) async throws -> Bool {
        try await rows("SELECT EXISTS (SELECT 1 FROM posts WHERE slug = \(slug))").first?.decode(Bool.self) ?? false
    }

    /// A page of posts, newest first, or ranked by relevance when searching.
    public func listPosts(_ query: PostQuery) async throws -> PostPage {
        let listing = PostgresPostListing(query: query)
        return listing.page(from: try await rows(listing.sql()).map(Self.post(from:)))
    }

    /// Replaces a post's editable fields under optimistic concurrency.
    public func updatePost(_ post: Post, expectedVersion: Int) async throws -> Post? {
        try await transaction { connection in
            let current = try await connection.query(
                "SELECT version FROM posts WHERE id = \(post.id) FOR UPDATE", logger: logger
            ).collect().first?.decode(Int.self)
            guard let current else { return nil }
            guard current == expectedVersion else { throw StoreError.versionMismatch(current: current) }
            try await connection.query("""
                UPDATE posts SET slug = \(post.slug), title = \(post.title), excerpt = \(post.excerpt),
                    body = \(post.body), tags = \(post.tags.joined(separator: " ")), status = \(post.status.rawValue),
                    published_at = \(post.publishedAt?.millis), updated_at = \(post.updatedAt.millis),
                    sort_at = \((post.publishedAt ?? post.createdAt).millis), word_count = \(post.wordCount),
                    reading_minutes = \(post.readingTimeMinutes), comment_status = \(post.commentStatus.rawValue),
                    featured_media_id = \(post.featuredMediaId), version = version + 1
                WHERE id = \(post.id)
                """, logger: logger)
            try await Self.replaceTags(of: post, on: connection, logger: logger)
            return try await Self.fetchPost(id: post.id, on: connection, logger: logger)
        }
    }

    /// Deletes a post with its comments and tags.
    public func deletePost(id: UUID) async throws -> Bool {
        try await !rows("DELETE FROM posts WHERE id = \(id) RETURNING 1").isEmpty
    }

    /// A published post at random.
    public func randomPost() async throws -> Post? {
        try await rows("""
            SELECT \(unescaped: Self.postColumns) \(unescaped: Self.postSource)
            WHERE p.status = 'published'
            ORDER BY p.id
            OFFSET floor(random() * (SELECT COUNT(*) FROM posts WHERE status = 'published'))::bigint LIMIT 1
            """).first.map(Self.post(from:))
    }

    /// An author with their number of published posts.
    public func author(id: UUID) async throws -> Author? {
        try await rows("""
            SELECT u.username, u.display_name,
                (SELECT COUNT(*) FROM posts WHERE author_id = u.id AND status = 'published') AS post_count
            FROM users u WHERE u.id = \(id)
            """).first.map { row in
            let (username, displayName, count) = try row.decode((String, String, Int).self)
            return Author(id: id, username: username, displayName: displayName, postCount: count)
        }
    }

    /// The columns `post(from:)` reads, in order.
    static let postColumns = """
        p.id, p.slug, p.title, p.excerpt, p.body, p.author_id, u.username, u.display_name, p.tags, p.status,
        p.published_at, p.created_at, p.updated_at, p.word_count, p.reading_minutes, p.comment_status, p.version,
        (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.status = 'approved') AS comment_count,
        p.featured_media_id
        """

    /// Posts joined with their authors.
    static let postSource = "FROM posts p JOIN users u ON u.id = p.author_id"

    static func fetchPost(id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Post? {
        try await connection.query(
            "SELECT \(unescaped: postColumns) \(unescaped: postSource) WHERE p.id = \(id)", logger: logger
        ).collect().first.map(post(from:))
    }

    static func post(from row: PostgresRow) throws -> Post {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T {
            try cells[index].decode(T.self)
        }
        let tagText: String = try value(8)
        return Post(
            id: try value(0), slug: try value(1), title: try value(2), excerpt: try value(3), body: try value(4),
            author: Author(id: try value(5), username: try value(6), displayName: try value(7)),
            tags: tagText.split(separator: " ").map(String.init),
            status: try StoredValue.named(try value(9), column: "posts.status"),
            publishedAt: try value(10, Int64?.self).map(Date.init(millis:)),
            createdAt: Date(millis: try value(11)), updatedAt: Date(millis: try value(12)),
            wordCount: try value(13), readingTimeMinutes: try value(14),
            commentStatus: try StoredValue.named(try value(15), column: "posts.comment_status"),
            commentCount: try value(17), version: try value(16), featuredMediaId: try value(18, UUID?.self))
    }

    private static func replaceTags(of post: Post, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM post_tags WHERE post_id = \(post.id)", logger: logger)
        let tags = Array(Set(post.tags))
        guard !tags.isEmpty else { return }
        try await connection.query(
            "INSERT INTO post_tags (post_id, tag) SELECT \(post.id), unnest(\(tags)::text[])", logger: logger)
    }
}
