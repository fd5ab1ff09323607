import Foundation
import SatchelShared

extension LocalStore {
    /// Conflicts not yet resolved, oldest first.
    public func conflicts() throws -> [ConflictRecord] {
        try database.read(Self.openConflicts)
    }

    /// Settles a conflict: writes the chosen value into the record (when it differs) and marks the conflict
    /// resolved. Both are ordinary changes that sync to every machine.
    public func resolve(_ conflictId: UUID, _ resolution: ConflictResolution) throws {
        guard let conflict = try openConflict(conflictId) else {
            throw LocalStoreError.notFound("The open conflict \(conflictId)")
        }
        let wroteLosingValue = conflict.clientId == clientId
        let mine = wroteLosingValue ? conflict.remote : conflict.local
        let theirs = wroteLosingValue ? conflict.local : conflict.remote
        let chosen: JSONValue
        switch resolution {
        case .mine: chosen = mine
        case .theirs: chosen = theirs
        case .value(let value): chosen = value
        case .both: chosen = Self.both(conflict)
        }
        if conflict.field == "deleted" {
            if chosen == .bool(true), try synced(conflict.entity, conflict.recordId) != nil {
                try write(conflict.entity, conflict.recordId, .delete) { _ in }
            }
        } else if try synced(conflict.entity, conflict.recordId) != nil {
            try write(conflict.entity, conflict.recordId, .update) { fields in fields[conflict.field] = chosen }
        }
        try write(.conflict, conflictId, .update) { fields in
            fields["resolved"] = .bool(true)
            fields["resolution"] = .string(resolution.name)
        }
    }

    /// The open conflict `id`, read alone (not every conflict decoded to find one); `nil` when there is no
    /// such conflict or it is resolved.
    func openConflict(_ id: UUID) throws -> ConflictRecord? {
        try database.read { tables in
            guard let record = try tables.records.find(.conflict, id), !record.deleted,
                  let conflict = ConflictRecord(record: record), conflict.id == id, !conflict.resolved
            else { return nil }
            return conflict
        }
    }

    /// Both sides kept: the kept text then the other, tag sets united, a record kept rather than deleted.
    static func both(_ conflict: ConflictRecord) -> JSONValue {
        switch (conflict.kept, conflict.local == conflict.kept ? conflict.remote : conflict.local) {
        case (.string(let kept), .string(let other)):
            return .string(kept.hasSuffix("\n") ? kept + "\n" + other : kept + "\n\n" + other)
        case (.array(let kept), .array(let other)):
            return .array(Array(Set(kept + other)).sorted { $0.description < $1.description })
        case (.bool, .bool) where conflict.field == "deleted":
            return .bool(false)
        default:
            return conflict.kept
        }
    }
}
