/// Places a highlight on a capture's plain text, the same way on every machine (a pure function of the
/// quote and the text):
///
/// 1. on the capture it was made on, by position, when the text there is still the quote;
/// 2. by the quote, typography folded (``FoldedText``); among repeats the context decides, then the
///    nearness to the old position; a match that keeps nothing of the quote's surroundings (fewer than
///    four characters of context agreeing) is another passage saying the same, not this one;
/// 3. by the quote with a few characters changed (at most one in six, quotes of 12 characters or more),
///    when at least a quarter of its context agrees too and no equally good place competes;
/// 4. otherwise nowhere: an orphan, never moved onto other text.
public enum QuoteAnchoring {
    /// Longest quote searched fuzzily whole; a longer one is found by its first and last
    /// ``fuzzyEdge`` characters.
    static let fuzzyWhole = 160
    /// Characters at each end of a long quote that the fuzzy search looks for.
    static let fuzzyEdge = 64
    /// Shortest quote that may be placed with changed characters.
    static let fuzzyMinimum = 12
    /// Context (folded characters, both sides) from which an exact match must agree with some of it.
    static let minimumContext = 16
    /// Characters of context an exact match must agree with, when there is that much context.
    static let minimumAgreement = 4

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
            guard let best = choose(exact, in: haystack, context: context, quote: quote) else { return .orphan }
            // The same words with nothing of their old surroundings are another passage that says the
            // same (the original was deleted): not this highlight's place.
            if context.length >= minimumContext, context.agreement(around: best, in: haystack.scalars) < minimumAgreement {
                return .orphan
            }
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

        /// How alike the context is around `range`, words changed or not: the characters of context
        /// minus the edits that turn the text beside the range into it.
        func similarity(around range: Range<Int>, in text: [Unicode.Scalar]) -> Int {
            let before = Array(text[max(0, range.lowerBound - prefix.count)..<range.lowerBound])
            let after = Array(text[range.upperBound..<min(text.count, range.upperBound + suffix.count)])
            return length - QuoteAnchoring.editDistance(prefix, before) - QuoteAnchoring.editDistance(suffix, after)
        }
    }

    /// The Levenshtein distance of two short strings.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Which of the passages that repeat `range` of `text` with about the same context (within a quarter of
    /// it) it is (0: the first): a page may print a caption or a sentence twice, words and surroundings alike.
    static func repeatIndex(of range: Range<Int>, in text: String) -> Int {
        let scalars = Array(text.unicodeScalars)
        let bounded = min(range.lowerBound, scalars.count)..<min(range.upperBound, scalars.count)
        func string(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
        let exact = string(scalars[bounded])
        let prefix = string(scalars[max(0, bounded.lowerBound - TextQuote.contextLength)..<bounded.lowerBound])
        let suffix = string(scalars[bounded.upperBound..<min(scalars.count, bounded.upperBound + TextQuote.contextLength)])
        let haystack = FoldedText(text)
        let context = Context(prefix: FoldedText(prefix).scalars, suffix: FoldedText(suffix).scalars)
        // The same test `choose` applies: context within a quarter of its length of the quote's own.
        let twins = find(FoldedText(exact, trimmed: true).scalars, in: haystack.scalars).filter {
            context.similarity(around: $0, in: haystack.scalars) * 4 >= context.length * 3
        }
        return twins.filter { haystack.originalRange($0).lowerBound < bounded.lowerBound }.count
    }

    /// The candidate whose context is most alike (then agrees longest, then is nearest the old position).
    /// Passages that print the quote with about the same context (within a quarter of it) are told apart
    /// by their order: the quote's repeat index picks among them, in text order. Nil when the quote was
    /// one of several such repeats and fewer of them are left than its index says.
    static func choose(_ candidates: [Range<Int>], in text: FoldedText, context: Context, quote: TextQuote) -> Range<Int>? {
        let scored = candidates.map { (range: $0, similarity: context.similarity(around: $0, in: text.scalars),
                                        agreement: context.agreement(around: $0, in: text.scalars)) }
        guard let bestSimilarity = scored.map(\.similarity).max() else { return nil }
        let alike = scored.filter { $0.similarity * 4 >= bestSimilarity * 4 - context.length }
        if alike.count > 1 || quote.repeatIndex > 0 {
            guard quote.repeatIndex < alike.count else { return nil }
            return alike[quote.repeatIndex].range
        }
        return scored.min { first, second in
            if first.similarity != second.similarity { return first.similarity > second.similarity }
            if first.agreement != second.agreement { return first.agreement > second.agreement }
            let da = abs(text.originalRange(first.range).lowerBound - quote.start)
            let db = abs(text.originalRange(second.range).lowerBound - quote.start)
            if da != db { return da < db }
            return first.range.lowerBound < second.range.lowerBound
        }?.range
    }
}
