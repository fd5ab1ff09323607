import Foundation

extension PullResponse {
    /// Reads a pull response body with the same checks and errors as reading it through
    /// ``init(json:)``, but keeps each record as its validated text instead of building its fields.
    public static func decode(_ data: Data) throws(SyncWireError) -> PullResponse {
        let result = data.withUnsafeBytes { raw -> Result<PullResponse, SyncWireError> in
            var reader = PulledPageReader(parser: JSONParser(raw.assumingMemoryBound(to: UInt8.self)))
            return Result { () throws(SyncWireError) in try reader.page() }
        }
        return try result.get()
    }
}

/// Two steps, in the order the generic decoder fails: the syntax of the whole body, then its fields.
private struct PulledPageReader {
    /// One element of `changes` after the syntax step.
    enum Element {
        /// An object: its members but `record`, which is kept as text.
        case change(members: [String: JSONValue], recordText: String?)
        /// Anything else (an error in the second step).
        case other(JSONValue)
    }

    var parser: JSONParser

    mutating func page() throws(SyncWireError) -> PullResponse {
        var members: [String: JSONValue] = [:], elements: [Element]?, changes: JSONValue?, isObject = true
        do throws(JSONParseError) {
            parser.skipWhitespace()
            if parser.next == UInt8(ascii: "{") {
                try parser.readMembers { parser, key throws(JSONParseError) in
                    if key == "changes" && parser.next == UInt8(ascii: "[") {
                        elements = try Self.readChanges(&parser)
                        changes = nil
                    } else if key == "changes" {
                        changes = try parser.parseValue()
                        elements = nil
                    } else {
                        members[key] = try parser.parseValue()
                    }
                }
            } else {
                _ = try parser.parseValue()
                isObject = false
            }
            parser.skipWhitespace()
            guard parser.index == parser.bytes.count else { throw parser.failure(expected: "the end of input") }
        } catch {
            throw SyncWireError(path: "", message: error.description)
        }
        guard isObject else { throw SyncWireError(path: "", message: "expected an object") }
        guard let elements else {
            let message = changes == nil ? "required field is missing" : "expected an array"
            throw SyncWireError(path: "changes", message: message)
        }
        var pulled: [PulledChange] = []
        pulled.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            do throws(SyncWireError) {
                pulled.append(try Self.change(element))
            } catch {
                throw error.inElement(position).inMember("changes")
            }
        }
        let object = try WireObject(.object(members))
        return PullResponse(
            changes: pulled, cursor: try object.required("cursor", Wire.string),
            hasMore: try object.required("hasMore", Wire.bool))
    }

    /// The `changes` array at its `[`: objects keep `record` as text, other elements are parsed.
    static func readChanges(_ parser: inout JSONParser) throws(JSONParseError) -> [Element] {
        var elements: [Element] = []
        try parser.readElements { parser throws(JSONParseError) in
            guard parser.next == UInt8(ascii: "{") else { return elements.append(.other(try parser.parseValue())) }
            var members: [String: JSONValue] = [:], recordText: String?
            members.reserveCapacity(4)
            try parser.readMembers { parser, key throws(JSONParseError) in
                if key == "record" {
                    let range = try parser.skipValue()
                    recordText = String(decoding: UnsafeBufferPointer(rebasing: parser.bytes[range]), as: UTF8.self)
                } else {
                    members[key] = try parser.parseValue()
                }
            }
            elements.append(.change(members: members, recordText: recordText))
        }
        return elements
    }

    /// The fields of one element, checked as `SyncChange(json:)` checks them.
    static func change(_ element: Element) throws(SyncWireError) -> PulledChange {
        guard case .change(let members, let recordText) = element else { throw Wire.mismatch("an object") }
        let object = try WireObject(.object(members))
        let entity: SyncEntity = try object.required("entity", Wire.enumCase)
        let recordId = try object.required("recordId", Wire.uuid)
        let version = try object.required("version", Wire.int)
        let deleted = try object.required("deleted", Wire.bool)
        guard let recordText else { throw SyncWireError(path: "record", message: "required field is missing") }
        return PulledChange(entity: entity, recordId: recordId, version: version, deleted: deleted, recordText: recordText)
    }
}

extension JSONParser {
    /// The byte after any whitespace, if there is one (whitespace is skipped).
    var next: UInt8? {
        mutating get {
            skipWhitespace()
            return index < bytes.count ? bytes[index] : nil
        }
    }

    /// Reads an object at its `{`, handing each member's key to `member`, which reads the value.
    mutating func readMembers(_ member: (inout JSONParser, String) throws(JSONParseError) -> Void) throws(JSONParseError) {
        try enterContainer()
        defer { depth -= 1 }
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            guard next == UInt8(ascii: "\"") else { throw failure(expected: "a string key") }
            let key = try parseString()
            guard consume(UInt8(ascii: ":")) else { throw failure(expected: "':' after an object key") }
            try member(&self, key)
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw failure(expected: "',' or '}'") }
    }

    /// Reads an array at its `[`, calling `element` to read each element.
    mutating func readElements(_ element: (inout JSONParser) throws(JSONParseError) -> Void) throws(JSONParseError) {
        try enterContainer()
        defer { depth -= 1 }
        if consume(UInt8(ascii: "]")) { return }
        repeat {
            try element(&self)
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw failure(expected: "',' or ']'") }
    }
}
