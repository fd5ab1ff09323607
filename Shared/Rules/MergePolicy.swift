import SatchelShared

/// The merge rules a server applies to concurrent writes: each field's ``MergeRule`` from ``SyncSchema``,
/// and "an edit concurrent with a delete keeps the record".
///
/// Production always uses ``standard``. The policy exists as a seam so that tests can swap in a
/// deliberately broken rule (tags as last-writer-wins, say) and prove that the simulation's oracles notice.
public struct MergePolicy: Sendable, Hashable {
    /// Per entity, fields whose rule replaces the schema's.
    public var fieldRules: [SyncEntity: [String: MergeRule]]
    /// Whether an edit concurrent with a delete keeps the record (the protocol's rule) rather than losing to it.
    public var editSurvivesDelete: Bool

    /// Creates a policy; the defaults are the protocol's rules.
    public init(fieldRules: [SyncEntity: [String: MergeRule]] = [:], editSurvivesDelete: Bool = true) {
        self.fieldRules = fieldRules
        self.editSurvivesDelete = editSurvivesDelete
    }

    /// The protocol's rules, unchanged.
    public static let standard = MergePolicy()

    /// The rule for `field` of `entity`, whose schema gives `schemaRule`.
    @inlinable
    public func rule(_ entity: SyncEntity, _ field: String, schemaRule: MergeRule) -> MergeRule {
        fieldRules.isEmpty ? schemaRule : fieldRules[entity]?[field] ?? schemaRule
    }
}
