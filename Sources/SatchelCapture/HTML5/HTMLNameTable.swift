/// Element names as numbers: the known names of ``HTMLTag`` first (their number is their tag), then every
/// other name the page uses, interned on first sight.
///
/// A name is looked up from the tokenizer's bytes (ASCII letters already lowercased). Names of up to
/// eight bytes are packed into a `UInt64` key, so that the common case hashes one integer and allocates
/// nothing.
struct HTMLNameTable {
    /// The tokenizer's spelling of each name (lowercase ASCII).
    private(set) var spellings: [[UInt8]] = []
    /// The name a ``Document`` shows for each name (see ``displayName(of:)``).
    private(set) var displayNames: [String] = []
    private var short: [UInt64: Int32] = [:]
    private var long: [[UInt8]: Int32] = [:]

    init() {
        for name in HTMLTag.names { _ = intern(Array(name.utf8)) }
    }

    /// The tag of a name number: its known ``HTMLTag`` or ``HTMLTag/unknown``.
    @inline(__always) static func tag(of name: Int32) -> UInt16 {
        name < Int32(HTMLTag.names.count) ? UInt16(name) : HTMLTag.unknown
    }

    /// The number of the name spelled by `bytes`, interning it if new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if bytes.count <= 8, let key = Self.pack(bytes) {
            if let found = short[key] { return found }
            let number = add(Array(bytes))
            short[key] = number
            return number
        }
        let array = Array(bytes)
        if let found = long[array] { return found }
        let number = add(array)
        long[array] = number
        return number
    }

    /// The number of the name spelled by `bytes`, interning it if new.
    mutating func intern(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBufferPointer { intern($0) }
    }

    /// The number of a name already known to be in the table, or nil.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if bytes.count <= 8, let key = Self.pack(bytes) { return short[key] }
        return long[Array(bytes)]
    }

    private mutating func add(_ bytes: [UInt8]) -> Int32 {
        let number = Int32(spellings.count)
        spellings.append(bytes)
        displayNames.append(Self.displayName(of: bytes, known: number < Int32(HTMLTag.names.count)))
        return number
    }

    /// The name a ``Document`` has always shown: a known tag's name, else the source's name up to the first
    /// white space (vertical tab included), at most 64 bytes, lowercased (Unicode letters too).
    private static func displayName(of bytes: [UInt8], known: Bool) -> String {
        if known { return String(decoding: bytes, as: UTF8.self) }
        var cut = bytes
        if let space = cut.firstIndex(of: 0x0B) { cut.removeSubrange(space...) }
        let plain = cut.count <= 64 && cut.allSatisfy { $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }
        if plain { return String(decoding: cut, as: UTF8.self) }
        return String(decoding: cut.prefix(64), as: UTF8.self).lowercased()
    }

    /// Eight bytes or fewer, none zero, as one integer.
    @inline(__always) private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var key: UInt64 = 0
        for byte in bytes {
            if byte == 0 { return nil }
            key = key << 8 | UInt64(byte)
        }
        return key
    }
}
