import Foundation
import GRDB
import SatchelShared

/// The `outbox` table: the durable change log. Each local write appends one mutation; a push sends
/// the oldest entries in order and removes each once the server answered it.
struct OutboxTable {
    let db: Database

    /// Appends `mutation` at the end of the log.
    func append(_ mutation: Mutation) throws {
        try OutboxRow(mutation).insert(db)
    }

    /// The oldest `limit` entries, in push order.
    func oldest(limit: Int) throws -> [OutboxEntry] {
        try OutboxRow.order(OutboxRow.Columns.sequence).limit(limit).fetchAll(db).map { try $0.entry() }
    }

    /// How many mutations wait to be pushed.
    func count() throws -> Int {
        try OutboxRow.fetchCount(db)
    }

    /// Whether any mutation waits to be pushed.
    func isEmpty() throws -> Bool {
        // Prepared once: every pulled page asks (see MetaTable on why not the record type here).
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT NOT EXISTS (SELECT 1 FROM outbox)")) ?? true
    }

    /// The mutations waiting for one record, oldest first.
    func pending(_ entity: SyncEntity, _ id: UUID) throws -> [Mutation] {
        // Prepared once: a pulled page asks this for every change while the outbox is not empty.
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT mutation FROM outbox WHERE entity = ? AND record_id = ? ORDER BY sequence"),
            arguments: [entity.rawValue, id.uuidString]
        ).map { try LocalCoding.mutation($0) }
    }

    /// Whether any mutation waits for the record.
    func hasPending(_ entity: SyncEntity, _ id: UUID) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE entity = ? AND record_id = ?)"),
            arguments: [entity.rawValue, id.uuidString]) ?? false
    }

    /// Puts `mutation` in place of the entry with its id, keeping its position in the log.
    func replace(_ mutation: Mutation) throws {
        try OutboxRow.filter(OutboxRow.Columns.mutationId == mutation.id.uuidString)
            .updateAll(db, OutboxRow.Columns.mutation.set(to: LocalCoding.encode(mutation)))
    }

    /// The mutations whose fields may name an attachment (their text holds a digest), oldest first.
    func withAttachments() throws -> [Mutation] {
        try String.fetchAll(db, sql: #"SELECT mutation FROM outbox WHERE mutation LIKE '%"sha256:%' ORDER BY sequence"#)
            .map { try LocalCoding.mutation($0) }
    }

    /// Removes the entry of `mutationId` (answered by the server, or dropped).
    func remove(mutationId: UUID) throws {
        try db.cachedStatement(sql: "DELETE FROM outbox WHERE mutation_id = ?").execute(arguments: [mutationId.uuidString])
    }
}

/// One row of the `outbox` table.
struct OutboxRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "outbox"

    /// The columns, for queries.
    enum Columns {
        static let sequence = Column(CodingKeys.sequence)
        static let mutationId = Column(CodingKeys.mutationId)
        static let mutation = Column(CodingKeys.mutation)
    }

    enum CodingKeys: String, CodingKey {
        case sequence
        case mutationId = "mutation_id"
        case entity
        case recordId = "record_id"
        case mutation
    }

    /// The position in the log; `nil` until inserted (SQLite gives the next one).
    var sequence: Int64?
    var mutationId: String
    var entity: String
    var recordId: String
    /// The mutation as JSON text.
    var mutation: String

    init(_ mutation: Mutation) {
        sequence = nil
        mutationId = mutation.id.uuidString
        entity = mutation.entity.rawValue
        recordId = mutation.recordId.uuidString
        self.mutation = LocalCoding.encode(mutation)
    }

    func entry() throws -> OutboxEntry {
        guard let sequence else { throw LocalStoreError.invalid("corrupt outbox row \(mutationId): no sequence") }
        return OutboxEntry(sequence: sequence, mutation: try LocalCoding.mutation(mutation))
    }
}
