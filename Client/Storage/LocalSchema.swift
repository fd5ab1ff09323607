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
        return migrator
    }
}
