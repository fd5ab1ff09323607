import Foundation

/// Reads a stored value back into its type, or fails: a corrupt row is a store failure (logged, a 500
/// with no details), never silently a fresh random id or a default status.
enum StoredValue {
    /// The UUID stored as text in `column`.
    static func uuid(_ text: String, column: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw StoreError.corrupt(column) }
        return id
    }

    /// The UUID stored as text in `column`, which may be NULL.
    static func uuid(_ text: String?, column: String) throws -> UUID? {
        try text.map { try uuid($0, column: column) }
    }

    /// The enumeration case stored as its raw text in `column`.
    static func named<Value: RawRepresentable>(_ raw: String, column: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else { throw StoreError.corrupt(column) }
        return value
    }
}
