import Logging
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations applied in order at start.
///
/// Every process runs ``migrate(_:logger:)`` when it starts. A session advisory lock makes processes
/// that start together take turns: the first applies what is missing, the others then find nothing
/// to do. Each migration runs in its own transaction together with the row that records it.
enum PostgresSchema {
    /// One migration: a name recorded once applied, and its statements (one per query, because the
    /// extended protocol takes a single statement at a time).
    struct Migration {
        let name: String
        let statements: [String]
    }

    /// The advisory lock key of schema migrations ("satchel" in ASCII).
    static let migrationLockKey: Int64 = 0x7361_7463_6865_6C

    /// Applies every migration not yet recorded in `satchel_migrations`.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_lock(\(migrationLockKey))", logger: logger)
        do {
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS satchel_migrations (
                    name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM satchel_migrations", logger: logger)
                .decode(String.self)
            {
                applied.insert(name)
            }
            for migration in migrations where !applied.contains(migration.name) {
                try await connection.query("BEGIN", logger: logger)
                do {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO satchel_migrations (name) VALUES (\(migration.name))", logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
                logger.info("Applied migration", metadata: ["migration": "\(migration.name)"])
            }
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(migrationLockKey))", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(\(migrationLockKey))", logger: logger)
    }

    static let migrations: [Migration] = [
        Migration(name: "v1-accounts-posts-comments", statements: [
            """
            CREATE TABLE users (
                id uuid PRIMARY KEY,
                username text NOT NULL,
                display_name text NOT NULL,
                email text NOT NULL,
                role text NOT NULL,
                password_hash text NOT NULL,
                created_at bigint NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX users_username ON users (lower(username))",
            """
            CREATE TABLE tokens (
                token_hash text PRIMARY KEY,
                user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL
            )
            """,
            "CREATE INDEX tokens_user ON tokens (user_id)",
            // `search` weighs the title (A) above the tags (B) above the body (D); ts_rank's weight
            // array gives them 1.0, 0.5 and 0.1, the proportions of the SQLite store's bm25 weights.
            """
            CREATE TABLE posts (
                id uuid PRIMARY KEY,
                slug text NOT NULL,
                title text NOT NULL,
                excerpt text NOT NULL,
                body text NOT NULL,
                author_id uuid NOT NULL REFERENCES users(id),
                tags text NOT NULL,
                status text NOT NULL,
                published_at bigint,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL,
                sort_at bigint NOT NULL,
                word_count bigint NOT NULL,
                reading_minutes bigint NOT NULL,
                comment_status text NOT NULL,
                version bigint NOT NULL,
                search tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', title), 'A')
                    || setweight(to_tsvector('simple', tags), 'B')
                    || setweight(to_tsvector('english', body), 'D')
                ) STORED
            )
            """,
            "CREATE UNIQUE INDEX posts_slug ON posts (slug)",
            "CREATE INDEX posts_listing ON posts (status, sort_at DESC, id DESC)",
            "CREATE INDEX posts_author ON posts (author_id, sort_at DESC, id DESC)",
            "CREATE INDEX posts_search ON posts USING GIN (search)",
            """
            CREATE TABLE post_tags (
                post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                tag text NOT NULL,
                PRIMARY KEY (tag, post_id)
            )
            """,
            "CREATE INDEX post_tags_post ON post_tags (post_id)",
            """
            CREATE TABLE comments (
                id uuid PRIMARY KEY,
                post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                parent_id uuid,
                author_name text NOT NULL,
                author_url text,
                author_email text NOT NULL,
                email_hash text NOT NULL,
                user_id uuid,
                body text NOT NULL,
                status text NOT NULL,
                created_at bigint NOT NULL,
                client_created_at bigint
            )
            """,
            "CREATE INDEX comments_by_post ON comments (post_id, status, created_at, id)",
            """
            CREATE TABLE idempotency_keys (
                scope text NOT NULL,
                key text NOT NULL,
                fingerprint text NOT NULL,
                response text,
                created_at bigint NOT NULL,
                PRIMARY KEY (scope, key)
            )
            """,
        ]),
        Migration(name: "v2-sync", statements: [
            // One row per user: the lock that serializes the user's pushes, and the feed counter.
            """
            CREATE TABLE sync_state (
                user_id uuid PRIMARY KEY,
                last_version bigint NOT NULL,
                purged_version bigint NOT NULL
            )
            """,
            """
            CREATE TABLE sync_records (
                user_id uuid NOT NULL,
                entity text NOT NULL,
                record_id uuid NOT NULL,
                version bigint NOT NULL,
                deleted boolean NOT NULL,
                fields text NOT NULL,
                stamps text NOT NULL,
                updated_at bigint NOT NULL,
                PRIMARY KEY (user_id, entity, record_id)
            )
            """,
            "CREATE UNIQUE INDEX sync_records_feed ON sync_records (user_id, version)",
            "CREATE INDEX sync_records_tombstones ON sync_records (updated_at) WHERE deleted",
            """
            CREATE TABLE sync_mutations (
                user_id uuid NOT NULL,
                mutation_id uuid NOT NULL,
                result text NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (user_id, mutation_id)
            )
            """,
        ]),
        // Rate limits, login throttling and shared schedules: counters every process reads and writes.
        Migration(name: "v2-limit-counters", statements: [
            """
            CREATE TABLE limit_counters (
                key text PRIMARY KEY,
                value double precision NOT NULL,
                updated_at bigint NOT NULL,
                not_before bigint NOT NULL
            )
            """,
        ]),
        // One row of counters every process reads before serving a cached response or a cached token:
        // `content` moves with every write to posts, tags, comments and users, `auth` with every token
        // deleted and every user changed or deleted. Deferred constraint triggers move them at commit, in
        // the writing transaction, after its other locks: the row is locked last, so no deadlock.
        Migration(name: "v3-store-versions", statements: [
            """
            CREATE TABLE satchel_versions (
                id integer PRIMARY KEY CHECK (id = 1),
                epoch bigint NOT NULL,
                content bigint NOT NULL,
                auth bigint NOT NULL
            )
            """,
            "INSERT INTO satchel_versions VALUES (1, floor(random() * 9e15)::bigint + 1, 0, 0)",
            """
            CREATE FUNCTION satchel_move_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE satchel_versions SET content = content + 1 WHERE id = 1; RETURN NULL; END $$
            """,
            """
            CREATE FUNCTION satchel_move_auth_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE satchel_versions SET auth = auth + 1 WHERE id = 1; RETURN NULL; END $$
            """,
        ] + ["posts", "post_tags", "comments", "users"].map { table in
            """
            CREATE CONSTRAINT TRIGGER \(table)_content_version AFTER INSERT OR UPDATE OR DELETE ON \(table)
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION satchel_move_content_version()
            """
        } + [
            """
            CREATE CONSTRAINT TRIGGER tokens_auth_version AFTER DELETE ON tokens
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION satchel_move_auth_version()
            """,
            """
            CREATE CONSTRAINT TRIGGER users_auth_version AFTER UPDATE OR DELETE ON users
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION satchel_move_auth_version()
            """,
        ]),
        // Blobs and upload stages, their bytes in chunk rows of about 1 MiB keyed by an object id
        // (`<user>/<stage id>`): committing a stage hands its chunks to the blob without copying them.
        Migration(name: "v4-blobs", statements: [
            """
            CREATE TABLE blobs (
                user_id uuid NOT NULL,
                digest text NOT NULL,
                size bigint NOT NULL,
                media_type text NOT NULL,
                object_id text NOT NULL,
                created_at bigint NOT NULL,
                touched_at bigint NOT NULL,
                unreferenced_since bigint,
                PRIMARY KEY (user_id, digest)
            )
            """,
            """
            CREATE TABLE blob_stages (
                user_id uuid NOT NULL,
                id text NOT NULL,
                digest text NOT NULL,
                size bigint,
                media_type text NOT NULL,
                staged_bytes bigint NOT NULL,
                written_at bigint NOT NULL,
                PRIMARY KEY (user_id, id)
            )
            """,
            "CREATE INDEX blob_stages_written ON blob_stages (written_at)",
            """
            CREATE TABLE blob_chunks (
                object_id text NOT NULL,
                start bigint NOT NULL,
                length integer NOT NULL,
                bytes bytea NOT NULL,
                PRIMARY KEY (object_id, start)
            )
            """,
            // Blob bytes are mostly compressed already (images, PDFs): store them without trying again.
            "ALTER TABLE blob_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL",
        ]),
        // Follows of feeds (FeedStore): each feed polled once for all its followers, its schedule and lease
        // (taken with FOR UPDATE SKIP LOCKED), who follows it, and the identity keys of the entries it has had.
        Migration(name: "v5-feeds", statements: [
            """
            CREATE TABLE polled_feeds (
                id uuid PRIMARY KEY,
                url text NOT NULL UNIQUE,
                title text NOT NULL,
                etag text,
                last_modified text,
                last_checked_at bigint,
                last_error text,
                next_check_at bigint NOT NULL,
                interval_seconds double precision NOT NULL,
                failures integer NOT NULL,
                item_count bigint NOT NULL,
                lease_holder text,
                lease_until bigint
            )
            """,
            "CREATE INDEX polled_feeds_due ON polled_feeds (next_check_at)",
            """
            CREATE TABLE feed_subscriptions (
                follow_id uuid PRIMARY KEY,
                user_id uuid NOT NULL,
                feed_id uuid NOT NULL REFERENCES polled_feeds(id) ON DELETE CASCADE,
                name text NOT NULL,
                delivery text NOT NULL,
                initial_entries integer NOT NULL,
                primed boolean NOT NULL,
                item_count bigint NOT NULL,
                created_at bigint NOT NULL
            )
            """,
            "CREATE INDEX feed_subscriptions_user ON feed_subscriptions (user_id, created_at)",
            "CREATE INDEX feed_subscriptions_feed ON feed_subscriptions (feed_id, created_at)",
            """
            CREATE TABLE feed_entries (
                feed_id uuid NOT NULL REFERENCES polled_feeds(id) ON DELETE CASCADE,
                key text NOT NULL,
                seen_at bigint NOT NULL,
                PRIMARY KEY (feed_id, key)
            )
            """,
            "CREATE INDEX feed_entries_age ON feed_entries (feed_id, seen_at)",
            """
            CREATE TABLE author_follows (
                follow_id uuid PRIMARY KEY,
                user_id uuid NOT NULL,
                author_id uuid NOT NULL,
                name text NOT NULL,
                delivery text NOT NULL,
                created_at bigint NOT NULL
            )
            """,
            "CREATE INDEX author_follows_author ON author_follows (author_id, created_at)",
        ]),
        // Media items (images for posts) and their variants; bytes are blobs of the owner. Pages show them,
        // so their writes move the content version like posts' do.
        Migration(name: "v6-media", statements: [
            """
            CREATE TABLE media (
                id uuid PRIMARY KEY,
                owner_id uuid NOT NULL,
                digest text NOT NULL,
                media_type text NOT NULL,
                size bigint NOT NULL,
                name text NOT NULL,
                width integer NOT NULL,
                height integer NOT NULL,
                frames integer NOT NULL,
                alt text NOT NULL,
                caption text NOT NULL,
                credit text NOT NULL,
                variants_status text NOT NULL,
                variants_failure text,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL
            )
            """,
            "CREATE INDEX media_owner ON media (owner_id, created_at DESC, id DESC)",
            "CREATE INDEX media_pending ON media (created_at) WHERE variants_status = 'pending'",
            """
            CREATE TABLE media_variants (
                media_id uuid NOT NULL REFERENCES media(id) ON DELETE CASCADE,
                owner_id uuid NOT NULL,
                width integer NOT NULL,
                height integer NOT NULL,
                media_type text NOT NULL,
                digest text NOT NULL,
                size bigint NOT NULL,
                PRIMARY KEY (media_id, width, media_type)
            )
            """,
            "CREATE INDEX media_variants_digest ON media_variants (digest, media_type)",
        ] + ["media", "media_variants"].map { table in
            """
            CREATE CONSTRAINT TRIGGER \(table)_content_version AFTER INSERT OR UPDATE OR DELETE ON \(table)
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION satchel_move_content_version()
            """
        }),
        // A post's explicit featured image (a media item of its author).
        Migration(name: "v7-post-featured-media", statements: ["ALTER TABLE posts ADD COLUMN featured_media_id uuid"]),
    ]
}
