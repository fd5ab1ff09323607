import GRDB

/// The SQLite schema, as numbered migrations applied in order at start.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts-posts-comments") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    username TEXT NOT NULL COLLATE NOCASE,
                    display_name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX users_username ON users(username);
                CREATE TABLE tokens (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX tokens_user ON tokens(user_id);
                CREATE TABLE posts (
                    id TEXT PRIMARY KEY,
                    slug TEXT NOT NULL,
                    title TEXT NOT NULL,
                    excerpt TEXT NOT NULL,
                    body TEXT NOT NULL,
                    author_id TEXT NOT NULL REFERENCES users(id),
                    tags TEXT NOT NULL,
                    status TEXT NOT NULL,
                    published_at INTEGER,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    sort_at INTEGER NOT NULL,
                    word_count INTEGER NOT NULL,
                    reading_minutes INTEGER NOT NULL,
                    comment_status TEXT NOT NULL,
                    version INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX posts_slug ON posts(slug);
                CREATE INDEX posts_listing ON posts(status, sort_at DESC, id DESC);
                CREATE INDEX posts_author ON posts(author_id, sort_at DESC, id DESC);
                CREATE TABLE post_tags (
                    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                    tag TEXT NOT NULL,
                    PRIMARY KEY (tag, post_id)
                ) WITHOUT ROWID;
                CREATE VIRTUAL TABLE posts_fts USING fts5(
                    title, body, tags, content='posts', content_rowid='rowid',
                    tokenize='porter unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
                    INSERT INTO posts_fts(rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                END;
                CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
                    INSERT INTO posts_fts(posts_fts, rowid, title, body, tags)
                        VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                END;
                CREATE TRIGGER posts_fts_update AFTER UPDATE ON posts BEGIN
                    INSERT INTO posts_fts(posts_fts, rowid, title, body, tags)
                        VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                    INSERT INTO posts_fts(rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                END;
                CREATE TABLE comments (
                    id TEXT PRIMARY KEY,
                    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                    parent_id TEXT,
                    author_name TEXT NOT NULL,
                    author_url TEXT,
                    author_email TEXT NOT NULL,
                    email_hash TEXT NOT NULL,
                    user_id TEXT,
                    body TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    client_created_at INTEGER
                );
                CREATE INDEX comments_by_post ON comments(post_id, status, created_at, id);
                CREATE TABLE idempotency_keys (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    response BLOB,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (scope, key)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-sync") { db in
            try db.execute(sql: """
                CREATE TABLE sync_state (
                    user_id TEXT PRIMARY KEY,
                    last_version INTEGER NOT NULL,
                    purged_version INTEGER NOT NULL
                );
                CREATE TABLE sync_records (
                    user_id TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    deleted INTEGER NOT NULL,
                    fields TEXT NOT NULL,
                    stamps TEXT NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (user_id, entity, record_id)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX sync_records_feed ON sync_records(user_id, version);
                CREATE INDEX sync_records_tombstones ON sync_records(deleted, updated_at) WHERE deleted = 1;
                CREATE TABLE sync_mutations (
                    user_id TEXT NOT NULL,
                    mutation_id TEXT NOT NULL,
                    result TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (user_id, mutation_id)
                ) WITHOUT ROWID;
                """)
        }
        // Rowid tables: each write appends its row at the end (a record moves there on every write), so
        // pushes append instead of splitting pages all over a UUID-keyed tree, and a pull reads the feed
        // in nearly physical order. Lookups by id go through compact unique indexes.
        migrator.registerMigration("v3-sync-append-order") { db in
            try db.execute(sql: """
                CREATE TABLE sync_records_v3 (
                    user_id TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    deleted INTEGER NOT NULL,
                    fields TEXT NOT NULL,
                    stamps TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                INSERT INTO sync_records_v3 (user_id, entity, record_id, version, deleted, fields, stamps, updated_at)
                    SELECT user_id, entity, record_id, version, deleted, fields, stamps, updated_at
                    FROM sync_records ORDER BY user_id, version;
                DROP TABLE sync_records;
                ALTER TABLE sync_records_v3 RENAME TO sync_records;
                CREATE UNIQUE INDEX sync_records_key ON sync_records(user_id, entity, record_id);
                CREATE UNIQUE INDEX sync_records_feed ON sync_records(user_id, version);
                CREATE INDEX sync_records_tombstones ON sync_records(deleted, updated_at) WHERE deleted = 1;
                CREATE TABLE sync_mutations_v3 (
                    user_id TEXT NOT NULL,
                    mutation_id TEXT NOT NULL,
                    result TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                INSERT INTO sync_mutations_v3 SELECT user_id, mutation_id, result, created_at FROM sync_mutations;
                DROP TABLE sync_mutations;
                ALTER TABLE sync_mutations_v3 RENAME TO sync_mutations;
                CREATE UNIQUE INDEX sync_mutations_key ON sync_mutations(user_id, mutation_id);
                """)
        }
        // Push plans are made outside the write lock and committed only if the user's feed is unchanged;
        // `push_count` tells a push that stored only results (rejections, replays of no-ops) from none.
        migrator.registerMigration("v4-sync-push-count") { db in
            try db.execute(sql: "ALTER TABLE sync_state ADD COLUMN push_count INTEGER NOT NULL DEFAULT 0")
        }
        // Rate limits, login throttling and shared schedules: counters every process reads and writes.
        migrator.registerMigration("v5-limit-counters") { db in
            try db.execute(sql: """
                CREATE TABLE limit_counters (
                    key TEXT PRIMARY KEY NOT NULL,
                    value REAL NOT NULL,
                    updated_at INTEGER NOT NULL,
                    not_before INTEGER NOT NULL
                ) WITHOUT ROWID
                """)
        }
        // Blobs: metadata here, bytes in files beside the database (SQLiteBlobFiles). `touched_at` is the
        // last upload or question about the blob; `unreferenced_since` the sweep's mark.
        migrator.registerMigration("v6-blobs") { db in
            try db.execute(sql: """
                CREATE TABLE blobs (
                    user_id TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    media_type TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    touched_at INTEGER NOT NULL,
                    unreferenced_since INTEGER,
                    PRIMARY KEY (user_id, digest)
                ) WITHOUT ROWID;
                CREATE TABLE blob_stages (
                    user_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    size INTEGER,
                    media_type TEXT NOT NULL,
                    staged_bytes INTEGER NOT NULL,
                    written_at INTEGER NOT NULL,
                    PRIMARY KEY (user_id, id)
                ) WITHOUT ROWID;
                CREATE INDEX blob_stages_written ON blob_stages(written_at);
                """)
        }
        // Follows of feeds (FeedStore): each feed polled once for all its followers, its schedule and lease, who
        // follows it, and the identity keys of the entries it has had.
        migrator.registerMigration("v7-feeds") { db in
            try db.execute(sql: """
                CREATE TABLE polled_feeds (
                    id TEXT PRIMARY KEY NOT NULL,
                    url TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    last_checked_at INTEGER,
                    last_error TEXT,
                    next_check_at INTEGER NOT NULL,
                    interval_seconds REAL NOT NULL,
                    failures INTEGER NOT NULL,
                    item_count INTEGER NOT NULL,
                    lease_holder TEXT,
                    lease_until INTEGER
                );
                CREATE INDEX polled_feeds_due ON polled_feeds(next_check_at);
                CREATE TABLE feed_subscriptions (
                    follow_id TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL,
                    feed_id TEXT NOT NULL REFERENCES polled_feeds(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    delivery TEXT NOT NULL,
                    initial_entries INTEGER NOT NULL,
                    primed INTEGER NOT NULL,
                    item_count INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX feed_subscriptions_user ON feed_subscriptions(user_id, created_at);
                CREATE INDEX feed_subscriptions_feed ON feed_subscriptions(feed_id, created_at);
                CREATE TABLE feed_entries (
                    feed_id TEXT NOT NULL REFERENCES polled_feeds(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    seen_at INTEGER NOT NULL,
                    PRIMARY KEY (feed_id, key)
                ) WITHOUT ROWID;
                CREATE INDEX feed_entries_age ON feed_entries(feed_id, seen_at);
                CREATE TABLE author_follows (
                    follow_id TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL,
                    author_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    delivery TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX author_follows_author ON author_follows(author_id, created_at);
                """)
        }
        // Media items (images for posts) and their variants; bytes are blobs of the owner.
        migrator.registerMigration("v8-media") { db in
            try db.execute(sql: """
                CREATE TABLE media (
                    id TEXT PRIMARY KEY NOT NULL,
                    owner_id TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    media_type TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    width INTEGER NOT NULL,
                    height INTEGER NOT NULL,
                    frames INTEGER NOT NULL,
                    alt TEXT NOT NULL,
                    caption TEXT NOT NULL,
                    credit TEXT NOT NULL,
                    variants_status TEXT NOT NULL,
                    variants_failure TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX media_owner ON media(owner_id, created_at DESC, id DESC);
                CREATE INDEX media_pending ON media(created_at) WHERE variants_status = 'pending';
                CREATE TABLE media_variants (
                    media_id TEXT NOT NULL REFERENCES media(id) ON DELETE CASCADE,
                    owner_id TEXT NOT NULL,
                    width INTEGER NOT NULL,
                    height INTEGER NOT NULL,
                    media_type TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    PRIMARY KEY (media_id, width, media_type)
                ) WITHOUT ROWID;
                CREATE INDEX media_variants_digest ON media_variants(digest, media_type);
                """)
        }
        // A post's explicit featured image (a media item of its author).
        migrator.registerMigration("v9-post-featured-media") { db in
            try db.execute(sql: "ALTER TABLE posts ADD COLUMN featured_media_id TEXT")
        }
        return migrator
    }
}
