/// A hybrid logical clock timestamp: wall milliseconds, a logical counter, and the node that made it.
///
/// Its string form, `WWWWWWWWWWWWWWWW-CCCCCCCCCC-node` (16-digit wall millis, 10-digit counter),
/// sorts exactly like the timestamp, so a database can order by the text column.
public struct HLCTimestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The largest wall time the 16-digit string form can hold (about the year 318,857).
    public static let maxWallMillis: Int64 = 9_999_999_999_999_999
    /// Earlier than any write: the stamp of a field whose write time is unknown, which any write beats.
    public static let unknown = HLCTimestamp(wallMillis: 0, counter: 0, node: "")

    /// Milliseconds since 1970, kept within `0...maxWallMillis` so the string form stays sortable.
    public var wallMillis: Int64 {
        didSet { wallMillis = Self.clampedWall(wallMillis) }
    }
    /// Orders events that share a wall millisecond.
    public var counter: UInt32
    /// Short id of the client or server that made the timestamp; any text, it round-trips verbatim.
    public var node: String

    /// Creates a timestamp; a wall time outside `0...maxWallMillis` is clamped into it.
    public init(wallMillis: Int64, counter: UInt32, node: String) {
        self.wallMillis = Self.clampedWall(wallMillis)
        self.counter = counter
        self.node = node
    }

    /// The lexicographically sortable form, e.g. `0001732850000000-0000000000-laptop`.
    public var description: String {
        var bytes: [UInt8] = []
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the sortable form's UTF-8 bytes (what `description` spells) to `output`.
    public func write(to output: inout [UInt8]) {
        output.reserveCapacity(output.count + 28 + node.utf8.count)
        writeClock(to: &output)
        output.append(contentsOf: node.utf8)
    }

    /// Appends the sortable form as a JSON string (quoted, the node escaped): the one writer of a stamp in
    /// the wire messages and the stores' stamp columns.
    public func writeJSON(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        writeClock(to: &output)
        JSONValue.writeEscaped(node, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// `0001732850000000-0000000000-`: the wall time and counter, zero-padded, each followed by a dash.
    private func writeClock(to output: inout [UInt8]) {
        JSONValue.writeDigits(UInt64(wallMillis), minimumCount: 16, to: &output)
        output.append(UInt8(ascii: "-"))
        JSONValue.writeDigits(UInt64(counter), minimumCount: 10, to: &output)
        output.append(UInt8(ascii: "-"))
    }

    /// The longest node name a parsed timestamp may carry, in UTF-8 bytes.
    public static let maxNodeBytes = 400

    /// Parses the form produced by `description`; `nil` for anything else (also a node name longer
    /// than ``maxNodeBytes``).
    public init?(string: String) {
        let bytes = Array(string.utf8)
        let dash = UInt8(ascii: "-")
        guard bytes.count >= 28, bytes[16] == dash, bytes[27] == dash,
              let wall = Self.number(bytes[0..<16]),
              let counter = Self.number(bytes[17..<27]), counter <= UInt64(UInt32.max),
              bytes.count <= 28 + Self.maxNodeBytes
        else { return nil }
        self.init(
            wallMillis: Int64(wall),
            counter: UInt32(counter),
            node: String(decoding: bytes[28...], as: UTF8.self)
        )
    }

    /// Orders by wall time, then counter, then node, so distinct nodes never tie.
    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        if lhs.wallMillis != rhs.wallMillis { return lhs.wallMillis < rhs.wallMillis }
        if lhs.counter != rhs.counter { return lhs.counter < rhs.counter }
        return lhs.node < rhs.node
    }

    /// Decodes from the single sortable string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let stamp = HLCTimestamp(string: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Not a hybrid logical clock timestamp: \(text)")
        }
        self = stamp
    }

    /// Encodes as the single sortable string, so wire and storage share one form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// `millis` clamped into `0...maxWallMillis`, the wall times the sortable form can hold.
    public static func clampedWall(_ millis: Int64) -> Int64 {
        min(max(millis, 0), maxWallMillis)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
