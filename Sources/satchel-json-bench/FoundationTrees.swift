import Foundation
import SatchelShared

/// Conversions between `JSONSerialization`'s object trees and `JSONValue`, used outside the timed loops:
/// to give `JSONSerialization` the same value to write, and to check that it parsed the same value.
enum FoundationTree {
    /// The object tree `JSONSerialization` writes for `value`.
    static func object(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let flag): flag
        case .number(let number): number
        case .string(let text): text
        case .array(let items): items.map(object)
        case .object(let members): members.mapValues(object)
        }
    }

    /// The `JSONValue` a `JSONSerialization` tree stands for; booleans are told from numbers by their class.
    static func value(_ object: Any) -> JSONValue {
        switch object {
        case is NSNull:
            return .null
        case let text as String:
            return .string(text)
        case let number as NSNumber:
            let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))
            if ObjectIdentifier(type(of: number)) == booleanClass { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        case let items as [Any]:
            return .array(items.map(value))
        case let members as [String: Any]:
            return .object(members.mapValues(value))
        default:
            preconditionFailure("unexpected JSONSerialization value \(type(of: object))")
        }
    }
}
