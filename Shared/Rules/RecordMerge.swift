import Foundation
import SatchelShared

/// A field whose two concurrent values could not both be kept.
public struct FieldConflict: Sendable, Hashable {
    /// The field's name.
    public var field: String
    /// The value both sides started from.
    public var base: JSONValue?
    /// The stored (first committed) value.
    public var local: JSONValue
    /// The incoming value.
    public var remote: JSONValue
    /// The rule that was applied.
    public var rule: MergeRule
    /// The value kept in the record.
    public var kept: JSONValue
}

/// The result of merging incoming field changes into a stored record.
public struct RecordMergeOutcome: Sendable, Hashable {
    /// The record's fields after the merge.
    public var fields: [String: JSONValue]
    /// Per field, the hybrid-clock time of the write that set it.
    public var stamps: [String: HLCTimestamp]
    /// Fields that could not merge; both values must be preserved in conflict records.
    public var conflicts: [FieldConflict]
    /// Whether some field's final value differs from what the incoming write asked for.
    public var adjusted: Bool

    /// `applied`, `merged` or `conflict`.
    public var status: MutationStatus {
        if !conflicts.isEmpty { return .conflict }
        return adjusted ? .merged : .applied
    }
}

/// Field-by-field merge of a write into a record, by each field's ``MergeRule``.
///
/// Fields only one side changed take that side's value; fields both changed take their typed rule:
/// three-way text, maximum, set merge, or the later hybrid-clock write.
public enum RecordMerge {
    /// Merges `changes`, made at `stamp`, into `stored` (whose fields were set at `stamps`).
    /// A change without a base is treated as based on the field's default; `policy` gives each field's rule.
    public static func merge(
        entity: SyncEntity, stored: [String: JSONValue], stamps: [String: HLCTimestamp],
        changes: [String: FieldChange], stamp: HLCTimestamp, policy: MergePolicy = .standard
    ) -> RecordMergeOutcome {
        let schema = SyncSchema.fields(of: entity)
        var outcome = RecordMergeOutcome(fields: stored, stamps: stamps, conflicts: [], adjusted: false)
        for (name, change) in changes.sorted(by: { $0.key < $1.key }) {
            guard let field = schema[name] else { continue }
            let local = stored[name] ?? field.defaultValue
            let base = change.base ?? field.defaultValue
            let remote = change.value
            let value: JSONValue
            if let oneSided = MergeRules.oneSided(base: base, local: local, remote: remote) {
                value = oneSided
                if local == base && remote != base { outcome.stamps[name] = stamp }
            } else {
                let rule = policy.rule(entity, name, schemaRule: field.rule)
                value = typed(rule, name: name, base: change.base, local: local, remote: remote,
                              localStamp: stamps[name], stamp: stamp, into: &outcome)
            }
            if value != remote { outcome.adjusted = true }
            outcome.fields[name] = value
        }
        return outcome
    }

    private static func typed(
        _ rule: MergeRule, name: String, base: JSONValue?, local: JSONValue, remote: JSONValue,
        localStamp: HLCTimestamp?, stamp: HLCTimestamp, into outcome: inout RecordMergeOutcome
    ) -> JSONValue {
        switch rule {
        case .threeWayText:
            switch MergeRules.text(
                base: base?.stringValue ?? "", local: local.stringValue ?? "", remote: remote.stringValue ?? "")
            {
            case .merged(let text):
                outcome.stamps[name] = max(stamp, localStamp ?? stamp)
                return .string(text)
            case .conflict(let kept, _):
                outcome.conflicts.append(FieldConflict(
                    field: name, base: base, local: local, remote: remote, rule: rule, kept: .string(kept)))
                return local
            }
        case .maximum:
            let value = MergeRules.maximum(
                base: base?.numberValue ?? 0, local: local.numberValue ?? 0, remote: remote.numberValue ?? 0)
            if value != local.numberValue { outcome.stamps[name] = stamp }
            return .number(value)
        case .setUnion where isObjectList(local) || isObjectList(remote) || isObjectList(base):
            outcome.stamps[name] = max(stamp, localStamp ?? stamp)
            return .array(MergeRules.attachments(
                base: base?.arrayValue ?? [], local: local.arrayValue ?? [], remote: remote.arrayValue ?? []))
        case .setUnion:
            let merged = MergeRules.set(
                base: base?.stringArrayValue ?? [], local: local.stringArrayValue ?? [],
                remote: remote.stringArrayValue ?? [])
            outcome.stamps[name] = max(stamp, localStamp ?? stamp)
            return .array(merged.map(JSONValue.string))
        case .lastWriterWins, .oneSided:
            let localWrite = localStamp ?? .unknown
            let value = MergeRules.lastWriterWins(local: local, localStamp: localWrite, remote: remote, remoteStamp: stamp)
            if value == remote { outcome.stamps[name] = stamp }
            return value
        }
    }

    /// An array holding at least one object: a list of attachments rather than of tags.
    private static func isObjectList(_ value: JSONValue?) -> Bool {
        guard case .array(let items)? = value else { return false }
        return items.contains { if case .object = $0 { true } else { false } }
    }

    /// A new record's fields: the schema's defaults overlaid with the create's values.
    public static func newRecord(entity: SyncEntity, id: UUID, changes: [String: FieldChange], stamp: HLCTimestamp)
        -> (fields: [String: JSONValue], stamps: [String: HLCTimestamp])
    {
        var fields = SyncSchema.defaults(of: entity)
        var stamps: [String: HLCTimestamp] = [:]
        for (name, change) in changes {
            fields[name] = change.value
            stamps[name] = stamp
        }
        if let tags = fields["tags"]?.stringArrayValue {
            fields["tags"] = .array(Array(Set(tags)).sorted().map(JSONValue.string))
        }
        fields["id"] = .string(id.text)
        return (fields, stamps)
    }
}
