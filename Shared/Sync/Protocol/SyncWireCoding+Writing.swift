import Foundation

/// The sync messages' writers: compact JSON with sorted keys, in ``SatchelJSON``'s conventions, without building
/// a `JSONValue` or sorting fixed keys. `SyncWireCodingTests` checks them against fixed texts and by reading back.
extension FieldChange {
    /// Appends the change's JSON.
    public func write(to output: inout [UInt8]) {
        var first = true
        if let base { output.key("base", &first); base.write(to: &output) }
        output.key("value", &first); value.write(to: &output)
        output.append(0x7D)
    }
}

extension Mutation {
    /// Appends the mutation's JSON.
    public func write(to output: inout [UInt8]) {
        var first = true
        if let baseVersion { output.key("baseVersion", &first); output.writeInt(baseVersion) }
        output.key("entity", &first); JSONValue.writeString(entity.rawValue, to: &output)
        output.key("fields", &first); output.writeSorted(fields)
        output.key("hlc", &first); output.writeHLC(hlc)
        output.key("id", &first); output.writeUUID(id)
        output.key("op", &first); JSONValue.writeString(op.rawValue, to: &output)
        output.key("recordId", &first); output.writeUUID(recordId)
        output.append(0x7D)
    }
}

extension PushRequest {
    /// Appends the request's JSON.
    public func write(to output: inout [UInt8]) {
        var first = true
        output.key("clientId", &first); JSONValue.writeString(clientId, to: &output)
        output.key("mutations", &first); output.writeArray(mutations)
        output.append(0x7D)
    }
}

extension MutationResult {
    /// Appends the result's JSON.
    public func write(to output: inout [UInt8]) {
        var first = true
        if let code { output.key("code", &first); JSONValue.writeString(code, to: &output) }
        output.key("conflictIds", &first); output.append(0x5B)
        for (position, id) in conflictIds.enumerated() {
            if position > 0 { output.append(0x2C) }
            output.writeUUID(id)
        }
        output.append(0x5D)
        output.key("deleted", &first); JSONValue.bool(deleted).write(to: &output)
        output.key("id", &first); output.writeUUID(id)
        if let reason { output.key("reason", &first); JSONValue.writeString(reason, to: &output) }
        if let record { output.key("record", &first); record.write(to: &output) }
        output.key("status", &first); JSONValue.writeString(status.rawValue, to: &output)
        if let version { output.key("version", &first); output.writeInt(version) }
        output.append(0x7D)
    }
}

extension PushResponse {
    /// Appends the response's JSON.
    public func write(to output: inout [UInt8]) {
        var first = true
        output.key("results", &first); output.writeArray(results)
        output.key("serverTime", &first); JSONValue.writeString(SatchelJSON.string(from: serverTime), to: &output)
        output.append(0x7D)
    }
}

extension SyncChange {
    /// Appends the change's JSON.
    public func write(to output: inout [UInt8]) {
        var first = true
        output.key("deleted", &first); JSONValue.bool(deleted).write(to: &output)
        output.key("entity", &first); JSONValue.writeString(entity.rawValue, to: &output)
        output.key("record", &first); record.write(to: &output)
        output.key("recordId", &first); output.writeUUID(recordId)
        output.key("version", &first); output.writeInt(version)
        output.append(0x7D)
    }
}

extension SyncChange {
    /// Appends a change's JSON with its record given as ready-made JSON text (a server store's stored
    /// column), byte for byte what ``write(to:)`` writes for the parsed record.
    public static func write(
        entity: SyncEntity, recordId: UUID, version: Int, deleted: Bool, recordJSON: String, to output: inout [UInt8]
    ) {
        var first = true
        output.key("deleted", &first); JSONValue.bool(deleted).write(to: &output)
        output.key("entity", &first); JSONValue.writeString(entity.rawValue, to: &output)
        output.key("record", &first); output.append(contentsOf: recordJSON.utf8)
        output.key("recordId", &first); output.writeUUID(recordId)
        output.key("version", &first); output.writeInt(version)
        output.append(0x7D)
    }
}

extension PullResponse {
    /// Writes a whole pull response around change objects already written comma-separated in `changes`.
    public static func encodedData(changes: [UInt8], cursor: String, hasMore: Bool) -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(changes.count + 64)
        var first = true
        output.key("changes", &first); output.append(0x5B); output.append(contentsOf: changes); output.append(0x5D)
        output.key("cursor", &first); JSONValue.writeString(cursor, to: &output)
        output.key("hasMore", &first); JSONValue.bool(hasMore).write(to: &output)
        output.append(0x7D)
        return Data(output)
    }

    /// Appends the response's JSON, each record as its text.
    public func write(to output: inout [UInt8]) {
        var first = true
        output.key("changes", &first); output.append(0x5B)
        for (position, change) in changes.enumerated() {
            if position > 0 { output.append(0x2C) }
            SyncChange.write(
                entity: change.entity, recordId: change.recordId, version: change.version, deleted: change.deleted,
                recordJSON: change.recordText, to: &output)
        }
        output.append(0x5D)
        output.key("cursor", &first); JSONValue.writeString(cursor, to: &output)
        output.key("hasMore", &first); JSONValue.bool(hasMore).write(to: &output)
        output.append(0x7D)
    }
}

/// Direct writers; object keys must be written in sorted (UTF-8 byte) order.
extension [UInt8] {
    /// Appends `{"key":` for an object's first member (`first` is then cleared), else `,"key":`.
    fileprivate mutating func key(_ key: StaticString, _ first: inout Bool) {
        append(first ? 0x7B : 0x2C)
        first = false
        append(0x22)
        appendLiteral(key)
        append(contentsOf: [0x22, 0x3A])
    }

    fileprivate mutating func writeInt(_ value: Int) {
        if value < 0 { append(0x2D) }
        JSONValue.writeDigits(UInt64(value.magnitude), minimumCount: 1, to: &self)
    }

    fileprivate mutating func writeArray(_ items: [some SyncWireCodable]) {
        append(0x5B)
        for (position, item) in items.enumerated() {
            if position > 0 { append(0x2C) }
            item.write(to: &self)
        }
        append(0x5D)
    }

    fileprivate mutating func writeSorted(_ members: [String: some SyncWireCodable]) {
        append(0x7B)
        for (position, member) in members.sorted(by: { JSONValue.utf8Precedes($0.key, $1.key) }).enumerated() {
            if position > 0 { append(0x2C) }
            JSONValue.writeString(member.key, to: &self)
            append(0x3A)
            member.value.write(to: &self)
        }
        append(0x7D)
    }

    /// The same text as `HLCTimestamp.description`, as a JSON string.
    fileprivate mutating func writeHLC(_ stamp: HLCTimestamp) {
        stamp.writeJSON(to: &self)
    }

    fileprivate mutating func writeUUID(_ id: UUID) {
        append(0x22)
        appendUUIDDigits(id)
        append(0x22)
    }
}
