import GRDB

/// The client database schema, as numbered migrations applied when a store opens.
enum LocalSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-records-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE records (
                    entity TEXT NOT NULL,
                    id TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    base TEXT,
                    base_version INTEGER,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (entity, id)
                ) WITHOUT ROWID;
                CREATE TABLE outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    mutation_id TEXT NOT NULL UNIQUE,
                    entity TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    mutation TEXT NOT NULL
                );
                CREATE INDEX outbox_record ON outbox(entity, record_id);
                CREATE TABLE dead_letters (
                    mutation_id TEXT PRIMARY KEY,
                    entity TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    mutation TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    rejected_at INTEGER NOT NULL
                );
                CREATE INDEX dead_letters_record ON dead_letters(entity, record_id);
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        // A rowid table with a compact unique index: pulled records append instead of splitting pages
        // all over a UUID-keyed tree of whole rows, so a 100,000-record initial sync stays fast.
        migrator.registerMigration("v2-records-append-order") { db in
            try db.execute(sql: """
                CREATE TABLE records_v2 (
                    entity TEXT NOT NULL,
                    id TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    base TEXT,
                    base_version INTEGER,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    updated_at INTEGER NOT NULL
                );
                INSERT INTO records_v2 SELECT entity, id, fields, base, base_version, deleted, updated_at FROM records;
                DROP TABLE records;
                ALTER TABLE records_v2 RENAME TO records;
                CREATE UNIQUE INDEX records_key ON records(entity, id);
                """)
        }
        // Article text kept for offline reading: a local cache, never synced.
        migrator.registerMigration("v3-article-bodies") { db in
            try db.execute(sql: """
                CREATE TABLE article_bodies (
                    article_id TEXT PRIMARY KEY,
                    body TEXT NOT NULL,
                    reading_time_minutes INTEGER NOT NULL,
                    cached_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """)
        }
        // The capture queue's local state: readable copies an import brought (used instead of fetching the
        // page), attempts and when to try again. Local, never synced.
        migrator.registerMigration("v4-capture-queue") { db in
            try db.execute(sql: """
                CREATE TABLE capture_queue (
                    article_id TEXT PRIMARY KEY,
                    provided_html BLOB,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL DEFAULT 0
                ) WITHOUT ROWID
                """)
        }
        // The rows that name a file, indexed apart: the files to keep for offline reading are looked up after
        // every sync that moved anything, and a library of 100,000 saved links holds few files.
        migrator.registerMigration("v5-records-with-files") { db in
            try db.execute(sql: """
                CREATE INDEX records_with_files ON records(entity) WHERE instr(fields, '"sha256:') > 0
                """)
        }
        return migrator
    }
}
