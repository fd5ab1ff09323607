extension QuoteAnchoring {
    /// Where `needle` is with the fewest changed characters (at most one in six), if that place is
    /// unambiguous and its context agrees: the best place must beat every other place's edits, or its
    /// context must. A long quote is found by its two ends, which must both be found, in order, about the
    /// quote's length apart.
    static func fuzzy(_ needle: [Unicode.Scalar], in text: FoldedText, context: Context, near position: Int) -> Range<Int>? {
        if needle.count > fuzzyWhole {
            let head = Array(needle.prefix(fuzzyEdge)), tail = Array(needle.suffix(fuzzyEdge))
            let headContext = Context(prefix: context.prefix, suffix: [])
            let tailContext = Context(prefix: [], suffix: context.suffix)
            guard let start = fuzzy(head, in: text, context: headContext, near: position, requireContext: false),
                  let end = fuzzy(tail, in: text, context: tailContext, near: position + needle.count, requireContext: false),
                  end.upperBound > start.lowerBound
            else { return nil }
            let span = end.upperBound - start.lowerBound
            guard span * 10 >= needle.count * 7, span * 10 <= needle.count * 13 else { return nil }
            return start.lowerBound..<end.upperBound
        }
        return fuzzy(needle, in: text, context: context, near: position, requireContext: true)
    }

    private static func fuzzy(
        _ needle: [Unicode.Scalar], in text: FoldedText, context: Context, near position: Int, requireContext: Bool
    ) -> Range<Int>? {
        let limit = max(1, needle.count / 6)
        // Places within twice the allowed changes are looked at too: one of them may be the quote's own
        // passage reworded past the limit, which makes any other place's likeness no evidence.
        let near = approximateMatches(needle, in: text.scalars, maximumEdits: 2 * limit)
        let matches = near.filter { $0.edits <= limit }
        guard !matches.isEmpty else { return nil }
        func agreement(_ range: Range<Int>) -> Int { context.agreement(around: range, in: text.scalars) }
        // The evidence for a place: how alike its context is, less the quote's changed characters.
        func score(_ match: (range: Range<Int>, edits: Int)) -> Int {
            context.similarity(around: match.range, in: text.scalars) - match.edits
        }
        let scored = matches.map { (match: $0, score: score($0)) }
        let best = scored.min { first, second in
            if first.score != second.score { return first.score > second.score }
            return abs(text.originalRange(first.match.range).lowerBound - position)
                < abs(text.originalRange(second.match.range).lowerBound - position)
        }!
        // Ambiguous: another place nearly as well supported.
        if scored.contains(where: { !$0.match.range.overlaps(best.match.range) && $0.score + 2 >= best.score }) { return nil }
        let chosen = best.match
        if near.contains(where: { !$0.range.overlaps(chosen.range) }) { return nil }
        // The context must agree for at least a quarter of its length: changed words in a passage that
        // has kept its surroundings, not a similar sentence elsewhere.
        if requireContext, agreement(chosen.range) * 4 < context.length { return nil }
        return chosen.range
    }

    /// Every end position where `needle` matches `text` with at most `maximumEdits` insertions, deletions
    /// or substitutions, with the start of that match (Sellers' algorithm: one column of the edit-distance
    /// table per character of text, the start carried along).
    static func approximateMatches(
        _ needle: [Unicode.Scalar], in text: [Unicode.Scalar], maximumEdits: Int
    ) -> [(range: Range<Int>, edits: Int)] {
        let m = needle.count
        var cost = Array(0...m), start = [Int](repeating: 0, count: m + 1)
        var found: [(range: Range<Int>, edits: Int)] = []
        for (j, character) in text.enumerated() {
            var diagonalCost = cost[0], diagonalStart = start[0]
            cost[0] = 0
            start[0] = j + 1
            for i in 1...m {
                let upCost = cost[i], upStart = start[i]
                var best = diagonalCost + (needle[i - 1] == character ? 0 : 1), bestStart = diagonalStart
                if upCost + 1 < best { best = upCost + 1; bestStart = upStart }
                if cost[i - 1] + 1 < best { best = cost[i - 1] + 1; bestStart = start[i - 1] }
                diagonalCost = upCost
                diagonalStart = upStart
                cost[i] = best
                start[i] = bestStart
            }
            if cost[m] <= maximumEdits { found.append((start[m]..<(j + 1), cost[m])) }
        }
        // Of the ends of one match (a run of neighbouring ends), keep the fewest edits.
        var kept: [(range: Range<Int>, edits: Int)] = []
        for match in found {
            if let last = kept.last, last.range.overlaps(match.range) {
                if match.edits < last.edits { kept[kept.count - 1] = match }
            } else {
                kept.append(match)
            }
        }
        return kept
    }
}
