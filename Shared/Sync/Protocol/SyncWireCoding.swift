import Foundation

/// A sync message field that is missing or malformed, named by its JSON path so a 400 can say which.
public struct SyncWireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the bad field is, e.g. `mutations[3].hlc`; empty when the whole body is at fault.
    public let path: String
    /// What is wrong with it, e.g. `expected a hybrid logical clock timestamp`.
    public let message: String

    /// Creates an error for the field at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `mutations[3].hlc: expected a hybrid logical clock timestamp`.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// The same error, one object member further out.
    func inMember(_ key: String) -> SyncWireError {
        let isWord = { (byte: UInt8) in byte == 0x5F || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20) }
        let isPlain = !key.isEmpty && !(0x30...0x39).contains(key.utf8.first!) && key.utf8.allSatisfy(isWord)
        let component = isPlain ? key : "[\(JSONValue.string(key).jsonText)]"
        let separator = path.isEmpty || path.hasPrefix("[") ? "" : "."
        return SyncWireError(path: component + separator + path, message: message)
    }

    /// The same error, one array element further out.
    func inElement(_ position: Int) -> SyncWireError {
        let separator = path.isEmpty || path.hasPrefix("[") ? "" : "."
        return SyncWireError(path: "[\(position)]" + separator + path, message: message)
    }
}

/// A sync message's one JSON form, read from parsed JSON and written straight to bytes: compact, keys sorted,
/// nil optionals omitted, dates as ISO 8601 with milliseconds (``SatchelJSON``'s conventions, which the rest of
/// the API speaks through Foundation's coders); lowercase UUIDs are accepted when reading.
///
/// Integers travel through `JSONValue` as `Double`, so `init(json:)` rejects integers beyond ±2^53;
/// `write(to:)` writes every `Int` exactly. Sync versions stay far below 2^53.
public protocol SyncWireCodable {
    /// Reads the message from parsed JSON; the error names the first bad field's path.
    init(json: JSONValue) throws(SyncWireError)
    /// Parses and reads a message from its bytes; malformed JSON is a ``SyncWireError`` with an empty path.
    static func decode(_ data: Data) throws(SyncWireError) -> Self
    /// Appends the message's compact JSON (sorted keys) to `output` without building a `JSONValue`.
    func write(to output: inout [UInt8])
}

extension SyncWireCodable {
    /// Parses and reads a message; malformed JSON is a ``SyncWireError`` with an empty path.
    public static func decode(_ data: Data) throws(SyncWireError) -> Self {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: data)
        } catch {
            throw SyncWireError(path: "", message: error.description)
        }
        return try Self(json: value)
    }

    /// The message as compact JSON with sorted keys, as `SatchelJSON.encoder()` writes it.
    public func encodedData() -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output)
        return output.withUnsafeBufferPointer { Data(buffer: $0) }
    }
}

extension FieldChange: SyncWireCodable {
    /// Reads `{"base": …, "value": …}`; a null or absent `base` is `nil`.
    public init(json: JSONValue) throws(SyncWireError) {
        let object = try WireObject(json)
        self.init(base: try object.optional("base", Wire.any), value: try object.required("value", Wire.any))
    }
}

extension Mutation: SyncWireCodable {
    /// Reads a mutation.
    public init(json: JSONValue) throws(SyncWireError) {
        let object = try WireObject(json)
        self.init(
            id: try object.required("id", Wire.uuid),
            entity: try object.required("entity", Wire.enumCase),
            recordId: try object.required("recordId", Wire.uuid),
            op: try object.required("op", Wire.enumCase),
            baseVersion: try object.optional("baseVersion", Wire.int),
            hlc: try object.required("hlc", Wire.hlc),
            fields: try object.required("fields") { value throws(SyncWireError) in try Wire.map(value, FieldChange.init) }
        )
    }
}

extension PushRequest: SyncWireCodable {
    /// Reads a push request.
    public init(json: JSONValue) throws(SyncWireError) {
        let object = try WireObject(json)
        self.init(
            clientId: try object.required("clientId", Wire.string),
            mutations: try object.required("mutations") { value throws(SyncWireError) in try Wire.array(value, Mutation.init) }
        )
    }
}

extension MutationResult: SyncWireCodable {
    /// Reads a mutation result.
    public init(json: JSONValue) throws(SyncWireError) {
        let object = try WireObject(json)
        self.init(
            id: try object.required("id", Wire.uuid),
            status: try object.required("status", Wire.enumCase),
            version: try object.optional("version", Wire.int),
            record: try object.optional("record", Wire.any),
            deleted: try object.required("deleted", Wire.bool),
            conflictIds: try object.required("conflictIds") { value throws(SyncWireError) in try Wire.array(value, Wire.uuid) },
            reason: try object.optional("reason", Wire.string),
            code: try object.optional("code", Wire.string)
        )
    }
}

extension PushResponse: SyncWireCodable {
    /// Reads a push response.
    public init(json: JSONValue) throws(SyncWireError) {
        let object = try WireObject(json)
        self.init(
            results: try object.required("results") { value throws(SyncWireError) in try Wire.array(value, MutationResult.init) },
            serverTime: try object.required("serverTime", Wire.date)
        )
    }
}

extension SyncChange: SyncWireCodable {
    /// Reads a change; `record` is required but may be `null`.
    public init(json: JSONValue) throws(SyncWireError) {
        let object = try WireObject(json)
        self.init(
            entity: try object.required("entity", Wire.enumCase),
            recordId: try object.required("recordId", Wire.uuid),
            version: try object.required("version", Wire.int),
            deleted: try object.required("deleted", Wire.bool),
            record: try object.required("record", Wire.any)
        )
    }
}

extension PullResponse: SyncWireCodable {
    /// Reads a pull response from parsed JSON, each record written back to compact text (``decode(_:)``
    /// reads bytes without that round trip, with the same checks and errors).
    public init(json: JSONValue) throws(SyncWireError) {
        let object = try WireObject(json)
        let changes = try object.required("changes") { value throws(SyncWireError) in try Wire.array(value, SyncChange.init) }
        self.init(
            changes: changes,
            cursor: try object.required("cursor", Wire.string),
            hasMore: try object.required("hasMore", Wire.bool)
        )
    }
}

/// An object being read; member errors come back with the member's name on their path.
struct WireObject {
    let members: [String: JSONValue]

    init(_ json: JSONValue) throws(SyncWireError) {
        guard case .object(let members) = json else { throw Wire.mismatch("an object") }
        self.members = members
    }

    func required<T>(_ key: String, _ read: (JSONValue) throws(SyncWireError) -> T) throws(SyncWireError) -> T {
        guard let value = members[key] else { throw SyncWireError(path: key, message: "required field is missing") }
        do { return try read(value) } catch { throw error.inMember(key) }
    }

    /// Absent and `null` both read as `nil`, as `decodeIfPresent` does.
    func optional<T>(_ key: String, _ read: (JSONValue) throws(SyncWireError) -> T) throws(SyncWireError) -> T? {
        guard let value = members[key], value != .null else { return nil }
        do { return try read(value) } catch { throw error.inMember(key) }
    }
}

/// Readers and writers of the wire's scalar forms.
enum Wire {
    static func mismatch(_ expected: String) -> SyncWireError {
        SyncWireError(path: "", message: "expected \(expected)")
    }

    static func any(_ value: JSONValue) -> JSONValue { value }

    static func string(_ value: JSONValue) throws(SyncWireError) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    static func bool(_ value: JSONValue) throws(SyncWireError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    /// Integral numbers below 2^53 in magnitude, where a `Double` holds every integer exactly (2^53 + 1 would round to 2^53).
    static func int(_ value: JSONValue) throws(SyncWireError) -> Int {
        guard case .number(let number) = value, number.magnitude < 9_007_199_254_740_992,
              number.rounded(.towardZero) == number
        else { throw mismatch("an integer") }
        return Int(number)
    }

    /// The 8-4-4-4-12 hex form in either case; hand-parsed, as Foundation's parser on Linux goes through `sscanf`.
    static func uuid(_ value: JSONValue) throws(SyncWireError) -> UUID {
        guard case .string(let text) = value, let id = UUID(text: text) else { throw mismatch("a UUID") }
        return id
    }

    static func hlc(_ value: JSONValue) throws(SyncWireError) -> HLCTimestamp {
        guard case .string(let text) = value, let stamp = HLCTimestamp(string: text) else {
            throw mismatch("a hybrid logical clock timestamp")
        }
        return stamp
    }

    static func date(_ value: JSONValue) throws(SyncWireError) -> Date {
        guard case .string(let text) = value, let date = SatchelJSON.date(from: text) else {
            throw mismatch("an ISO 8601 date such as 2026-11-29T10:15:30.123Z")
        }
        return date
    }

    static func enumCase<T: RawRepresentable & CaseIterable>(_ value: JSONValue) throws(SyncWireError) -> T
    where T.RawValue == String {
        guard case .string(let text) = value, let result = T(rawValue: text) else {
            throw mismatch("one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return result
    }

    static func array<T>(_ value: JSONValue, _ read: (JSONValue) throws(SyncWireError) -> T) throws(SyncWireError) -> [T] {
        guard case .array(let items) = value else { throw mismatch("an array") }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (position, item) in items.enumerated() {
            do { result.append(try read(item)) } catch { throw error.inElement(position) }
        }
        return result
    }

    static func map<T>(_ value: JSONValue, _ read: (JSONValue) throws(SyncWireError) -> T) throws(SyncWireError) -> [String: T] {
        guard case .object(let members) = value else { throw mismatch("an object") }
        var result: [String: T] = [:]
        result.reserveCapacity(members.count)
        for (key, member) in members {
            do { result[key] = try read(member) } catch { throw error.inMember(key) }
        }
        return result
    }
}
