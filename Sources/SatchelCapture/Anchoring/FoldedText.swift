/// Text folded for finding a quote again after a re-capture: what a new version of a page changes without
/// changing the words is folded away. Whitespace runs (NBSP and the other Unicode spaces included) become
/// one space, or one newline when they hold a paragraph break (two line breaks, or U+2029), so that words
/// never match across the end of a paragraph where the quote had none; soft hyphens and zero-width characters go; curly quotes, primes and guillemets become
/// straight quotes; dashes become `-`; `…` becomes `...`; ligatures are spelled out; letters are lowercased.
/// Each folded scalar remembers where it came from, so a match maps back to the original text.
struct FoldedText {
    /// The folded scalars.
    private(set) var scalars: [Unicode.Scalar] = []
    /// For each folded scalar, its offset in the original text (in scalars); one more entry for the end.
    private(set) var origins: [Int] = []

    /// Folds `text`; `trimmed` drops leading and trailing whitespace (for a quote).
    init(_ text: String, trimmed: Bool = false) {
        var offset = 0
        var pendingSpace: Int?
        var lineBreaks = 0
        for scalar in text.unicodeScalars {
            defer { offset += 1 }
            if Self.isSpace(scalar) {
                if pendingSpace == nil { pendingSpace = offset }
                if scalar == "\n" { lineBreaks += 1 } else if scalar.value == 0x2029 { lineBreaks += 2 }
                continue
            }
            if Self.isIgnorable(scalar) { continue }
            if let space = pendingSpace {
                if !(trimmed && scalars.isEmpty) { append(lineBreaks >= 2 ? "\n" : " ", from: space) }
                pendingSpace = nil
                lineBreaks = 0
            }
            for folded in Self.fold(scalar) { append(folded, from: offset) }
        }
        if let space = pendingSpace, !trimmed { append(lineBreaks >= 2 ? "\n" : " ", from: space) }
        origins.append(offset)
    }

    /// Number of folded scalars.
    var count: Int { scalars.count }

    /// The original offsets of the folded range `range`: from its first scalar's origin to just past its
    /// last's (a folded scalar comes from one original scalar, or several of them from one).
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else { return origins[range.lowerBound]..<origins[range.lowerBound] }
        return origins[range.lowerBound]..<(origins[range.upperBound - 1] + 1)
    }

    private mutating func append(_ scalar: Unicode.Scalar, from origin: Int) {
        scalars.append(scalar)
        origins.append(origin)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0xA0 || scalar.value == 0x202F || scalar.value == 0x2007
    }

    private static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: true
        default: scalar.value < 0x20 || scalar.value == 0x7F
        }
    }

    private static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        switch scalar.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035, 0x0060, 0x00B4: return ["'"]
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x2036, 0x00AB, 0x00BB, 0x2039, 0x203A: return ["\""]
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return ["-"]
        case 0x2026: return [".", ".", "."]
        case 0xFB00: return ["f", "f"]
        case 0xFB01: return ["f", "i"]
        case 0xFB02: return ["f", "l"]
        case 0xFB03: return ["f", "f", "i"]
        case 0xFB04: return ["f", "f", "l"]
        case 0xFB05, 0xFB06: return ["s", "t"]
        default: break
        }
        if scalar.isASCII {
            let value = scalar.value
            return [(0x41...0x5A).contains(value) ? Unicode.Scalar(value + 0x20)! : scalar]
        }
        guard scalar.properties.changesWhenLowercased else { return [scalar] }
        return Array(scalar.properties.lowercaseMapping.unicodeScalars)
    }
}
