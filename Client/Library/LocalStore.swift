import Foundation
import Synchronization
import SatchelShared
import SatchelSync

/// A reader's Satchel on one machine: saved articles, drafts and queued comments in a local SQLite
/// file, every change recorded in a durable change log, synced both ways with a server.
///
/// ```swift
/// let api = SatchelAPI(transport: CurlTransport(baseURL: "http://127.0.0.1:8080"), token: token)
/// let store = try LocalStore(path: "laptop.sqlite", server: api)
/// let article = try store.saveArticle(url: "https://example.com/essay", title: "An essay")
/// try store.setProgress(article.id, 0.4)
/// let summary = try await store.sync()   // pushes the change log, pulls what other machines did
/// ```
public final class LocalStore: Sendable {
    let database: LocalDatabase
    let engine: SyncEngine?
    let environment: ClientEnvironment
    /// Fires after every local write, so a ``BackgroundSync`` can push it soon.
    let localChanges = LocalChangeSignal()
    /// Fires after every local write and every batch a sync writes, for observers.
    let changes = LocalChangeSignal()
    /// This installation's stable id, recorded on conflicts it meets.
    public let clientId: String
    /// The files of attachments on this machine, beside the database.
    let blobCache: BlobCache
    /// Moves files between the cache and the server; `nil` without a server that stores files.
    let blobTransfer: BlobTransfer?
    /// Bytes the file cache may hold before unpinned files are evicted. 1 GiB by default.
    public let fileCacheBudget: Int64
    /// Whether the last pass over the pinned files left none to fetch; until a sync moves a record, the
    /// next pass would find the same (a sync that moved nothing skips it: at 10,000 files it costs 0.1–0.2 s).
    let pinnedFilesSettled = Mutex(false)

    /// Opens (creating and migrating if needed) the store at `path`; `server` is where it syncs.
    /// `fsyncEveryCommit` (the default) makes each local write survive power loss; without it a write
    /// still survives the process being killed.
    public init(
        path: String, server: (any SyncServer)?, environment: ClientEnvironment = .live, fsyncEveryCommit: Bool = true,
        fileCacheBudget: Int64 = 1 << 30
    ) throws {
        let database = try LocalDatabase(path: path, fsyncEveryCommit: fsyncEveryCommit)
        self.database = database
        self.environment = environment
        let clientId = try database.write { try $0.meta.clientId() }
        self.clientId = clientId
        let cache = try BlobCache(databasePath: path)
        let transfer = (server as? any BlobServer).map { BlobTransfer(server: $0, cache: cache) }
        blobCache = cache
        blobTransfer = transfer
        self.fileCacheBudget = fileCacheBudget
        engine = server.map {
            SyncEngine(database: database, server: $0, environment: environment, clientId: clientId, blobs: transfer)
        }
    }

    // MARK: Sync

    /// Pushes the change log and pulls everything new; retries network failures with backoff.
    @discardableResult
    public func sync(progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncSummary {
        guard let engine else { throw LocalStoreError.noServer }
        defer { changes.notify() }
        var summary = try await engine.sync { [changes] step in
            changes.notify()
            progress(step)
        }
        // The files of what is meant for offline reading follow the records; one that cannot be fetched now
        // is fetched after a later sync (or on first use).
        // Every local write is pushed by the sync that follows it, and every other machine's by a pull: a
        // sync that did neither leaves the pinned set, and so the cache's work, as the last pass left it.
        let moved = summary.pushed > 0 || summary.pulled > 0 || summary.fullResync
        guard moved || !pinnedFilesSettled.withLock({ $0 }) else { return summary }
        let files = await fetchPinnedFiles()
        pinnedFilesSettled.withLock { $0 = files.failed == 0 }
        summary.filesFetched = files.fetched
        summary.filesPending = files.failed
        return summary
    }

    /// Pending changes, last sync, open conflicts and dead letters.
    public func status() throws -> SyncStatus {
        try database.read(Self.status)
    }

    static func status(_ tables: LocalTables) throws -> SyncStatus {
        SyncStatus(
            pendingChanges: try tables.outbox.count(),
            lastSyncAt: try tables.meta.value(.lastSyncAt).flatMap(SatchelJSON.date(from:)),
            openConflicts: try Self.openConflicts(tables).count,
            deadLetters: try tables.deadLetters.all())
    }

    /// How long the last completed sync took and where the time went; `nil` before the first sync.
    public func lastSyncTimings() throws -> SyncTimings? {
        try database.read { try $0.meta.decoded(SyncTimings.self, .lastSyncTimings) }
    }

    /// Mutations the server refused, with its reasons.
    public func deadLetters() throws -> [DeadLetter] {
        try database.read { try $0.deadLetters.all() }
    }

    /// Forgets a dead letter once its reader has seen it.
    public func dismissDeadLetter(_ mutationId: UUID) throws {
        _ = try database.write { try $0.deadLetters.dismiss(mutationId: mutationId) }
        changes.notify()
    }

    // MARK: Writing

    /// Writes `fields` to a record and appends the matching mutation to the change log, in one transaction.
    /// Returns the record as stored; an update that changes nothing writes nothing.
    @discardableResult
    func write(_ entity: SyncEntity, _ id: UUID, _ op: MutationOp, _ edit: (inout [String: JSONValue]) throws -> Void)
        throws -> LocalRecord
    {
        let now = environment.now()
        let written = try database.write { tables in
            try Self.write(entity, id, op, edit, in: tables, clientId: clientId, now: now)
        }
        localChanges.notify()
        changes.notify()
        return written
    }

    /// Writes many records in one transaction (an import), with `alongside` writing local tables in the same
    /// transaction: all of it, or none when one fails.
    @discardableResult
    func writeMany(_ edits: [RecordEdit], alongside: (LocalTables) throws -> Void = { _ in }) throws -> [LocalRecord] {
        guard !edits.isEmpty else { return [] }
        let now = environment.now()
        let written = try database.write { tables in
            let records = try edits.map { try Self.write($0.entity, $0.id, $0.op, $0.edit, in: tables, clientId: clientId, now: now) }
            try alongside(tables)
            return records
        }
        localChanges.notify()
        changes.notify()
        return written
    }

    /// One record's write inside a transaction: the record, and its mutation in the change log.
    private static func write(
        _ entity: SyncEntity, _ id: UUID, _ op: MutationOp, _ edit: (inout [String: JSONValue]) throws -> Void,
        in tables: LocalTables, clientId: String, now: Date
    ) throws -> LocalRecord {
        let before = try tables.records.find(entity, id)
        if op != .create, before == nil || before?.deleted == true {
            throw LocalStoreError.notFound("The \(entity.rawValue) \(id)")
        }
        var fields = op == .create ? SyncSchema.fields(of: entity).mapValues(\.defaultValue) : before?.fields ?? [:]
        try edit(&fields)
        fields["id"] = .string(id.uuidString)
        let stamp = try tables.clock.tick(node: clientId, now: now)
        guard let mutation = RecordRebase.mutation(
            entity: entity, id: id, op: op, before: before, after: fields, hlc: stamp)
        else { return before! }
        if op != .delete, let reason = SyncSchema.validate(mutation) { throw LocalStoreError.invalid(reason) }
        var record = before ?? LocalRecord(entity: entity, id: id, fields: fields, updatedAt: now)
        record.fields = fields
        record.deleted = op == .delete
        record.updatedAt = now
        try tables.records.save(record)
        try tables.outbox.append(mutation)
        return record
    }

    // MARK: Reading

    func synced(_ entity: SyncEntity, includeDeleted: Bool = false) throws -> [(LocalRecord, RecordSyncState)] {
        try database.read { try Self.synced($0, entity, includeDeleted: includeDeleted) }
    }

    static func synced(_ tables: LocalTables, _ entity: SyncEntity, includeDeleted: Bool = false) throws
        -> [(LocalRecord, RecordSyncState)]
    {
        try tables.records.all(entity, includeDeleted: includeDeleted).map {
            ($0, try tables.syncState(entity, $0.id))
        }
    }

    /// The ids of every live (not deleted) record of `entity`, without reading their fields or sync states.
    func liveIds(_ entity: SyncEntity) throws -> [UUID] {
        try database.read { try $0.records.liveIds(entity) }
    }

    /// The live record `id` of `entity` without its sync state; `nil` when absent or deleted.
    func liveRecord(_ entity: SyncEntity, _ id: UUID) throws -> LocalRecord? {
        try database.read { tables in try tables.records.find(entity, id).flatMap { $0.deleted ? nil : $0 } }
    }

    func synced(_ entity: SyncEntity, _ id: UUID) throws -> (LocalRecord, RecordSyncState)? {
        try database.read { try Self.synced($0, entity, id) }
    }

    static func synced(_ tables: LocalTables, _ entity: SyncEntity, _ id: UUID) throws -> (LocalRecord, RecordSyncState)? {
        guard let record = try tables.records.find(entity, id), !record.deleted else { return nil }
        return (record, try tables.syncState(entity, id))
    }

    static func openConflicts(_ tables: LocalTables) throws -> [ConflictRecord] {
        try tables.records.unresolvedConflictTexts().compactMap(ConflictRecord.init(fieldsText:))
            .sorted { $0.createdAt < $1.createdAt }
    }
}

extension ConflictRecord {
    /// Reads a conflict record from its synced fields.
    init?(record: LocalRecord) {
        self.init(fieldsText: LocalCoding.encode(record.fields))
    }

    /// Reads a conflict record from its fields as stored JSON text, in one decode; `nil` when the text is
    /// not a conflict record.
    init?(fieldsText: String) {
        guard let value = try? SatchelJSON.decoder().decode(ConflictRecord.self, from: Data(fieldsText.utf8)) else {
            return nil
        }
        self = value
    }
}

/// One record's change for ``LocalStore/writeMany(_:)``.
struct RecordEdit {
    /// The kind of record.
    var entity: SyncEntity
    /// Its id.
    var id: UUID
    /// Create, update or delete.
    var op: MutationOp
    /// What changes in its fields.
    var edit: (inout [String: JSONValue]) throws -> Void
}
