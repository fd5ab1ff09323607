/// How a field's concurrent edits are reconciled.
public enum MergeRule: String, Sendable, Codable, CaseIterable {
    /// Only one side changed the field, or both changed it to the same value.
    case oneSided
    /// Text merged three-way against the base (draft body, title, note).
    case threeWayText
    /// The larger value wins (reading progress), so progress made anywhere is kept.
    case maximum
    /// Set merge: adds and removes of both sides hold (tags).
    case setUnion
    /// The write with the later hybrid logical clock timestamp wins (other scalars).
    case lastWriterWins
}
