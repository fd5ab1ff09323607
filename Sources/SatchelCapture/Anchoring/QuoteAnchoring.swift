/// Places a highlight on a capture's plain text, the same way on every machine (a pure function of the
/// quote and the text):
///
/// 1. on the capture it was made on, by position, when the text there is still the quote;
/// 2. by the quote, typography folded (``FoldedText``); among repeats the context decides, then the
///    nearness to the old position;
/// 3. by the quote with a few characters changed (at most one in five, quotes of 12 characters or more),
///    when its context agrees too and no equally good place competes;
/// 4. otherwise nowhere: an orphan, never moved onto other text.
public enum QuoteAnchoring {
    /// Longest quote searched fuzzily whole; a longer one is found by its first and last
    /// ``fuzzyEdge`` characters.
    static let fuzzyWhole = 160
    /// Characters at each end of a long quote that the fuzzy search looks for.
    static let fuzzyEdge = 64
    /// Shortest quote that may be placed with changed characters.
    static let fuzzyMinimum = 12

    /// Where `quote` lands on `text`; `sameCapture` says the text is the capture the quote was made on.
    public static func place(_ quote: TextQuote, in text: String, sameCapture: Bool) -> Placement {
        if sameCapture, positionHolds(quote, in: text) {
            return .placed(start: quote.start, end: quote.end, by: .position)
        }
        let haystack = FoldedText(text)
        let needle = FoldedText(quote.exact, trimmed: true)
        guard needle.count > 0 else { return .orphan }
        let context = Context(prefix: FoldedText(quote.prefix).scalars, suffix: FoldedText(quote.suffix).scalars)
        let exact = find(needle.scalars, in: haystack.scalars)
        if !exact.isEmpty {
            let best = choose(exact, in: haystack, context: context, near: quote.start)!
            let range = haystack.originalRange(best)
            return .placed(start: range.lowerBound, end: range.upperBound, by: .quote)
        }
        guard needle.count >= fuzzyMinimum, let found = fuzzy(needle.scalars, in: haystack, context: context, near: quote.start)
        else { return .orphan }
        let range = haystack.originalRange(found)
        return .placed(start: range.lowerBound, end: range.upperBound, by: .fuzzy)
    }

    /// Every place the quote `exact` appears in `text` (typography folded), in Unicode scalar offsets: a
    /// reader's new highlight is made on one of them.
    public static func occurrences(of exact: String, in text: String) -> [Range<Int>] {
        let haystack = FoldedText(text)
        let needle = FoldedText(exact, trimmed: true)
        guard needle.count > 0 else { return [] }
        return find(needle.scalars, in: haystack.scalars).map(haystack.originalRange)
    }

    private static func positionHolds(_ quote: TextQuote, in text: String) -> Bool {
        guard quote.start >= 0, quote.end > quote.start else { return false }
        var index = 0
        var found: [Unicode.Scalar] = []
        found.reserveCapacity(quote.end - quote.start)
        for scalar in text.unicodeScalars {
            if index >= quote.end { break }
            if index >= quote.start { found.append(scalar) }
            index += 1
        }
        return index >= quote.end && found.elementsEqual(quote.exact.unicodeScalars)
    }

    /// Every start of `needle` in `haystack`, as folded ranges (overlapping ones included).
    static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> [Range<Int>] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var found: [Range<Int>] = []
        let first = needle[0]
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first {
                var matched = 1
                while matched < needle.count && haystack[start + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { found.append(start..<(start + needle.count)) }
            }
            start += 1
        }
        return found
    }

    /// The quote's context, folded.
    struct Context {
        var prefix: [Unicode.Scalar]
        var suffix: [Unicode.Scalar]

        /// How many characters of context agree around `range`: the prefix's end before it, the suffix's
        /// start after it.
        func agreement(around range: Range<Int>, in text: [Unicode.Scalar]) -> Int {
            var before = 0
            while before < prefix.count, range.lowerBound - before - 1 >= 0,
                  text[range.lowerBound - before - 1] == prefix[prefix.count - before - 1] { before += 1 }
            var after = 0
            while after < suffix.count, range.upperBound + after < text.count, text[range.upperBound + after] == suffix[after] {
                after += 1
            }
            return before + after
        }

        /// Characters of context there are to agree with.
        var length: Int { prefix.count + suffix.count }
    }

    /// The candidate whose context agrees most, then the one nearest the old position, then the first.
    static func choose(_ candidates: [Range<Int>], in text: FoldedText, context: Context, near position: Int) -> Range<Int>? {
        candidates.min { first, second in
            let a = context.agreement(around: first, in: text.scalars), b = context.agreement(around: second, in: text.scalars)
            if a != b { return a > b }
            let da = abs(text.originalRange(first).lowerBound - position), db = abs(text.originalRange(second).lowerBound - position)
            if da != db { return da < db }
            return first.lowerBound < second.lowerBound
        }
    }
}
