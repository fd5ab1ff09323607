import Foundation
import GRDB
import SatchelShared

/// The `dead_letters` table: mutations the server refused, set aside with its reason so they never
/// block the outbox, until the reader dismisses them.
struct DeadLetterTable {
    let db: Database

    /// Sets `mutation` aside with the server's `reason`; a mutation set aside twice keeps the latest reason.
    func add(_ mutation: Mutation, reason: String, at date: Date) throws {
        try DeadLetterRow(mutation, reason: reason, rejectedAt: date).insert(db, onConflict: .replace)
    }

    /// Every dead letter, oldest first.
    func all() throws -> [DeadLetter] {
        try DeadLetterRow.order(DeadLetterRow.Columns.rejectedAt).fetchAll(db).map { try $0.deadLetter() }
    }

    /// Whether one of the record's mutations was refused.
    func contains(_ entity: SyncEntity, _ id: UUID) throws -> Bool {
        // Prepared once: every listed record's sync state asks this.
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM dead_letters WHERE entity = ? AND record_id = ?)"),
            arguments: [entity.rawValue, id.uuidString]) ?? false
    }

    /// Forgets the dead letter of `mutationId`; returns whether there was one.
    @discardableResult
    func dismiss(mutationId: UUID) throws -> Bool {
        try DeadLetterRow.deleteOne(db, key: mutationId.uuidString)
    }
}

/// One row of the `dead_letters` table.
struct DeadLetterRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "dead_letters"

    /// The columns, for queries.
    enum Columns {
        static let rejectedAt = Column(CodingKeys.rejectedAt)
    }

    enum CodingKeys: String, CodingKey {
        case mutationId = "mutation_id"
        case entity
        case recordId = "record_id"
        case mutation
        case reason
        case rejectedAt = "rejected_at"
    }

    var mutationId: String
    var entity: String
    var recordId: String
    /// The mutation as JSON text.
    var mutation: String
    var reason: String
    /// Milliseconds since 1970.
    var rejectedAt: Int64

    init(_ mutation: Mutation, reason: String, rejectedAt: Date) {
        mutationId = mutation.id.uuidString
        entity = mutation.entity.rawValue
        recordId = mutation.recordId.uuidString
        self.mutation = LocalCoding.encode(mutation)
        self.reason = reason
        self.rejectedAt = rejectedAt.millis
    }

    func deadLetter() throws -> DeadLetter {
        DeadLetter(mutation: try LocalCoding.mutation(mutation), reason: reason, rejectedAt: Date(millis: rejectedAt))
    }
}
