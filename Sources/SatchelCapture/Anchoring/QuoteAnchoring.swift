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
    /// Context (folded characters, both sides) from which an exact match must keep half of it alike.
    static let minimumContext = 16
    /// Folded length from which a quote printed once is taken to be the same passage wherever it is now.
    static let distinctiveLength = 24

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
            let range = haystack.originalRange(best)
            return .placed(start: range.lowerBound, end: range.upperBound, by: .quote)
        }
        // Fuzzy placement only for a quote that nothing else in its capture came near: with a near twin
        // there (a tweet and the sentence restating it), changed words could be either.
        guard needle.count >= fuzzyMinimum, quote.nearOccurrences <= 1, let found = fuzzy(needle.scalars, in: haystack, context: context, near: quote.start)
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

        /// Whether a place whose context has `similarity` is a twin of the quote's own: its context within a
        /// quarter of its length of the quote's.
        func isTwin(similarity: Int) -> Bool { similarity * 4 >= length * 3 }

        /// Whether the context around `range` makes it a twin of the quote's own place.
        func isTwin(around range: Range<Int>, in text: [Unicode.Scalar]) -> Bool {
            isTwin(similarity: similarity(around: range, in: text))
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

    /// How `range` of `text` (the quote `exact` with its context) repeats there: which of the passages
    /// repeating it with about the same context (a twin: context within a quarter of its length) it is (0:
    /// the first), how many such twins there are, itself included, how many times its words appear at all,
    /// and at how many places they appear with at most one character in six changed. A page may print a
    /// caption or a sentence twice, words and surroundings alike.
    static func repetition(of range: Range<Int>, exact: String, prefix: String, suffix: String, in text: String) -> Repetition {
        let haystack = FoldedText(text)
        let context = Context(prefix: FoldedText(prefix).scalars, suffix: FoldedText(suffix).scalars)
        let needle = FoldedText(exact, trimmed: true).scalars
        let found = find(needle, in: haystack.scalars)
        let twins = found.filter { context.isTwin(around: $0, in: haystack.scalars) }
        let index = twins.filter { haystack.originalRange($0).lowerBound < range.lowerBound }.count
        var near = found.count
        if needle.count >= fuzzyMinimum {
            let searched = needle.count > fuzzyWhole ? Array(needle.prefix(fuzzyEdge)) : needle
            near = approximateMatches(searched, in: haystack.scalars, maximumEdits: max(1, searched.count / 6)).count
        }
        return Repetition(index: index, count: max(1, twins.count), occurrences: max(1, found.count), nearOccurrences: max(1, near))
    }

    /// How a quote repeats in the text it was made on (see ``repetition(of:exact:prefix:suffix:in:)``).
    struct Repetition {
        /// Its order among its twins (0: the first).
        var index: Int
        /// Its twins, itself included.
        var count: Int
        /// The places printing its words.
        var occurrences: Int
        /// The places printing its words with at most one character in six changed.
        var nearOccurrences: Int
    }

    /// The candidate the quote's context points to, or nil when the evidence does not single one out:
    /// - a quote that had twins (passages printed with about the same context) is told apart by its order
    ///   among the twins found now, and only when as many are found as there were;
    /// - when fewer places print its words than its capture did, its own place may be the one gone: only a
    ///   place whose context is nearly intact (a twin of the quote) may be it;
    /// - the place whose context is most alike wins when no other place comes within an eighth of the
    ///   context of it, and when at least half of its context is alike (the same words with nothing of
    ///   their old surroundings are another passage that says the same: the original was deleted).
    static func choose(_ candidates: [Range<Int>], in text: FoldedText, context: Context, quote: TextQuote) -> Range<Int>? {
        let scored = candidates.map { (range: $0, similarity: context.similarity(around: $0, in: text.scalars)) }
        let twins = scored.filter { context.isTwin(similarity: $0.similarity) }
        if quote.repeatCount > 1 {
            guard twins.count == quote.repeatCount, candidates.count >= quote.occurrences, quote.repeatIndex < twins.count
            else { return nil }
            return twins[quote.repeatIndex].range
        }
        let pool = candidates.count < quote.occurrences ? twins : scored
        guard let best = pool.max(by: { $0.similarity < $1.similarity }) else { return nil }
        // A rival within an eighth of the context makes it ambiguous; within a quarter when more places print
        // the words than did, since the new ones are copies that carry some of the passage's surroundings.
        let margin = candidates.count > quote.occurrences ? 2 : 1
        let rivalled = pool.contains {
            !$0.range.overlaps(best.range) && $0.similarity * 8 > best.similarity * 8 - margin * context.length
        }
        if rivalled { return nil }
        // A copy printed right beside the passage (a pull quote: the quote with up to a context of its
        // surroundings each side, then the passage; no more between them) takes the passage's
        // surroundings along: unless the best place kept its context whole, a neighbour about as alike could
        // be the original as well.
        if best.similarity < context.length, scored.contains(where: { other in
            !other.range.overlaps(best.range) && other.similarity * 2 >= context.length
                && max(other.range.lowerBound - best.range.upperBound, best.range.lowerBound - other.range.upperBound)
                    <= 2 * TextQuote.contextLength + best.range.count
        }) { return nil }
        // Words long enough not to recur by chance, printed once then and once now, are the same passage
        // moved or with new surroundings; shorter or repeated words need their surroundings too.
        let distinctive = quote.occurrences == 1 && candidates.count == 1 && best.range.count >= distinctiveLength
        if !distinctive, context.length >= minimumContext, best.similarity * 2 < context.length { return nil }
        return best.range
    }
}
