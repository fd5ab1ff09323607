import SatchelShared

/// Result of merging one field.
public enum FieldMergeResult<Value: Sendable & Equatable>: Sendable, Equatable {
    /// A value both sides can adopt without loss.
    case merged(Value)
    /// Could not merge; `kept` is stored, `lost` must go into a conflict record.
    case conflict(kept: Value, lost: Value)
}

/// Pure merge rules over a field's base, local and remote values.
///
/// Naming follows the server's view: `local` is the value already stored (the earlier committed write),
/// `remote` the incoming write, `base` the value the incoming write was based on. Callers try
/// `oneSided` first and apply the field's typed rule only when it returns `nil`.
public enum MergeRules {
    /// If local == remote or remote == base → local; if local == base → remote; else `nil` (the caller
    /// applies the field's typed rule).
    public static func oneSided<V: Equatable>(base: V, local: V, remote: V) -> V? {
        if local == remote || remote == base { return local }
        if local == base { return remote }
        return nil
    }

    /// Three-way text merge; on conflict keeps the stored value (`kept: local`) and reports the
    /// incoming one (`lost: remote`), because the stored write was committed first and may already
    /// have been pulled by other machines.
    /// ```swift
    /// MergeRules.text(base: "a\n\nb\n", local: "A\n\nb\n", remote: "a\n\nB\n")  // .merged("A\n\nB\n")
    /// ```
    public static func text(base: String, local: String, remote: String) -> FieldMergeResult<String> {
        switch TextMerge.merge(base: base, local: local, remote: remote) {
        case .clean(let merged): .merged(merged)
        case .conflict: .conflict(kept: local, lost: remote)
        }
    }

    /// The larger of `local` and `remote`, so progress made on any machine survives.
    ///
    /// `base` is accepted for a uniform signature but ignored: a deliberate lowering by one side alone
    /// is already taken by `oneSided`. A NaN loses to any number, so a corrupt value cannot erase progress.
    public static func maximum(base: Double, local: Double, remote: Double) -> Double {
        if local.isNaN { return remote }
        if remote.isNaN { return local }
        return local >= remote ? local : remote
    }

    /// Set merge: `(base − removedByLocal − removedByRemote) ∪ addedByLocal ∪ addedByRemote`.
    ///
    /// An element removed on one side is gone even if the other side left it alone, and an element
    /// added on either side is present, so neither machine's tagging is silently undone.
    public static func set(base: Set<String>, local: Set<String>, remote: Set<String>) -> Set<String> {
        base.intersection(local).intersection(remote)
            .union(local.subtracting(base))
            .union(remote.subtracting(base))
    }

    /// Set merge for tag lists; the result is sorted and de-duplicated so every machine stores the
    /// same array.
    public static func set(base: [String], local: [String], remote: [String]) -> [String] {
        set(base: Set(base), local: Set(local), remote: Set(remote)).sorted()
    }

    /// Set merge for attachment lists, one entry per digest: the digests merge as a set (an attachment
    /// removed on one side is gone, one added on either side is present); an entry present on both sides
    /// keeps the remote side's object (its name may differ). Sorted by digest, so every machine stores the
    /// same array.
    public static func attachments(base: [JSONValue], local: [JSONValue], remote: [JSONValue]) -> [JSONValue] {
        func byDigest(_ items: [JSONValue]) -> [String: JSONValue] {
            var entries: [String: JSONValue] = [:]
            for item in items {
                if case .object(let members) = item, let digest = members["digest"]?.stringValue { entries[digest] = item }
            }
            return entries
        }
        let (baseEntries, localEntries, remoteEntries) = (byDigest(base), byDigest(local), byDigest(remote))
        let digests = set(base: Set(baseEntries.keys), local: Set(localEntries.keys), remote: Set(remoteEntries.keys))
        return digests.sorted().compactMap { remoteEntries[$0] ?? localEntries[$0] ?? baseEntries[$0] }
    }

    /// The value written with the later timestamp.
    ///
    /// Timestamps include the node, so distinct writes never tie; equal timestamps mean the same write,
    /// and `local` is returned.
    public static func lastWriterWins<V: Equatable & Sendable>(
        local: V, localStamp: HLCTimestamp, remote: V, remoteStamp: HLCTimestamp
    ) -> V {
        remoteStamp > localStamp ? remote : local
    }
}
