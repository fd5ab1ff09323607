import SatchelShared

/// Outcome of a three-way text merge.
public enum TextMergeResult: Sendable, Equatable {
    /// Both sides' edits applied to the base.
    case clean(String)
    /// Edits overlapped; nothing was merged and all three inputs come back verbatim.
    case conflict(local: String, remote: String, base: String)
}

/// Three-way merge of text against a common base: diff3 over lines, retried over words where lines clash.
///
/// Line terminators stay part of their line, so the result round-trips exactly, including a missing
/// final newline. Edits merge cleanly unless they overlap:
/// - changes to disjoint line ranges merge, even when the ranges touch (one side edits line 2, the other
///   line 3), because the result is unambiguous: each side's replacement lands where its lines were;
/// - an insertion at the edge of the other side's changed range goes before or after it, likewise;
/// - identical changes on both sides are applied once;
/// - two different insertions at the same position, or changes to shared lines, overlap.
///
/// An overlapping region is merged again at word granularity (runs of whitespace and of other
/// characters). There the rule is stricter: edits must be separated by at least one unchanged token,
/// so two sides touching the same word never splice together. If any region still overlaps, the whole
/// merge is a conflict.
/// ```swift
/// TextMerge.merge(base: "a\n\nb\n", local: "A\n\nb\n", remote: "a\n\nB\n")  // .clean("A\n\nB\n")
/// ```
public enum TextMerge {
    /// Merges `local` and `remote`, two edits of `base`; see the type's documentation for the rules.
    public static func merge(base: String, local: String, remote: String) -> TextMergeResult {
        if local == remote || remote == base { return .clean(local) }
        if local == base { return .clean(remote) }
        var tokens = TokenTable()
        let chunks = Diff3.chunks(
            base: tokens.intern(lines(of: base)),
            local: tokens.intern(lines(of: local)),
            remote: tokens.intern(lines(of: remote)),
            mergeTouchingEdits: true)
        var merged = ""
        for chunk in chunks {
            switch chunk {
            case .resolved(let ids):
                merged += tokens.text(of: ids)
            case .conflict(let baseIDs, let localIDs, let remoteIDs):
                let words = mergeWords(
                    base: tokens.text(of: baseIDs),
                    local: tokens.text(of: localIDs),
                    remote: tokens.text(of: remoteIDs))
                guard let words else { return .conflict(local: local, remote: remote, base: base) }
                merged += words
            }
        }
        return .clean(merged)
    }

    private static func mergeWords(base: String, local: String, remote: String) -> String? {
        var tokens = TokenTable()
        let chunks = Diff3.chunks(
            base: tokens.intern(words(of: base)),
            local: tokens.intern(words(of: local)),
            remote: tokens.intern(words(of: remote)),
            mergeTouchingEdits: false)
        var merged = ""
        for chunk in chunks {
            guard case .resolved(let ids) = chunk else { return nil }
            merged += tokens.text(of: ids)
        }
        return merged
    }

    /// Lines with their terminators; a final line without one is kept as is.
    static func lines(of text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            let next = text.utf8.index(after: index)
            if text.utf8[index] == UInt8(ascii: "\n") {
                result.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// Alternating runs of whitespace and non-whitespace characters, covering the whole text.
    static func words(of text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var startIsSpace = text.first?.isWhitespace ?? false
        for index in text.indices where text[index].isWhitespace != startIsSpace {
            result.append(text[start..<index])
            start = index
            startIsSpace.toggle()
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }
}

/// Maps equal tokens to one integer so that diffing compares integers, not strings.
struct TokenTable {
    private var ids: [Substring: Int] = [:]
    private var texts: [Substring] = []

    mutating func intern(_ tokens: [Substring]) -> [Int] {
        tokens.map { token in
            if let id = ids[token] { return id }
            ids[token] = texts.count
            texts.append(token)
            return texts.count - 1
        }
    }

    func text(of ids: [Int]) -> String {
        var result = ""
        for id in ids { result.append(contentsOf: texts[id]) }
        return result
    }
}

/// The diff3 core over token ids: splits the base into stretches that merge and stretches that clash.
enum Diff3 {
    enum Chunk: Equatable {
        case resolved([Int])
        case conflict(base: [Int], local: [Int], remote: [Int])
    }

    /// One side's replacement of `base[start..<end]` by `other[newStart..<newEnd]`.
    struct Hunk {
        var start: Int, end: Int, newStart: Int, newEnd: Int, isLocal: Bool
        var isInsertion: Bool { start == end }
    }

    static func chunks(base: [Int], local: [Int], remote: [Int], mergeTouchingEdits: Bool) -> [Chunk] {
        let all = (hunks(base, local, isLocal: true) + hunks(base, remote, isLocal: false))
            .sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        // A side's own hunks never touch (an unchanged token separates them), so a hunk can only
        // overlap the other side's latest hunk in the group being built.
        var groups: [[Hunk]] = []
        var latest: (local: Hunk?, remote: Hunk?) = (nil, nil)
        for hunk in all {
            let rival = hunk.isLocal ? latest.remote : latest.local
            if let rival, overlap(hunk, rival, mergeTouchingEdits: mergeTouchingEdits) {
                groups[groups.count - 1].append(hunk)
            } else {
                groups.append([hunk])
                latest = (nil, nil)
            }
            if hunk.isLocal { latest.local = hunk } else { latest.remote = hunk }
        }
        var chunks: [Chunk] = []
        var position = 0
        for group in groups {
            let start = group.map(\.start).min() ?? position
            let end = group.map(\.end).max() ?? position
            if position < start { chunks.append(.resolved(Array(base[position..<start]))) }
            let localVersion = apply(group.filter(\.isLocal), base: base, other: local, start, end)
            let remoteVersion = apply(group.filter { !$0.isLocal }, base: base, other: remote, start, end)
            if localVersion == remoteVersion || !group.contains(where: { !$0.isLocal }) {
                chunks.append(.resolved(localVersion))
            } else if !group.contains(where: \.isLocal) {
                chunks.append(.resolved(remoteVersion))
            } else {
                chunks.append(.conflict(
                    base: Array(base[start..<end]), local: localVersion, remote: remoteVersion))
            }
            position = end
        }
        if position < base.count { chunks.append(.resolved(Array(base[position...]))) }
        return chunks
    }

    static func overlap(_ a: Hunk, _ b: Hunk, mergeTouchingEdits: Bool) -> Bool {
        if a.isInsertion && b.isInsertion { return a.start == b.start }
        guard mergeTouchingEdits else { return a.start <= b.end && b.start <= a.end }
        if a.isInsertion { return b.start < a.start && a.start < b.end }
        if b.isInsertion { return a.start < b.start && b.start < a.end }
        return a.start < b.end && b.start < a.end
    }

    /// The diff from `base` to `other` as hunks between matched tokens.
    static func hunks(_ base: [Int], _ other: [Int], isLocal: Bool) -> [Hunk] {
        var result: [Hunk] = []
        var (i, j) = (0, 0)
        for (matchedBase, matchedOther) in SequenceDiff.matches(base, other) + [(base.count, other.count)] {
            if matchedBase > i || matchedOther > j {
                result.append(Hunk(start: i, end: matchedBase, newStart: j, newEnd: matchedOther,
                                   isLocal: isLocal))
            }
            (i, j) = (matchedBase + 1, matchedOther + 1)
        }
        return result
    }

    private static func apply(_ hunks: [Hunk], base: [Int], other: [Int], _ start: Int, _ end: Int) -> [Int] {
        var result: [Int] = []
        var position = start
        for hunk in hunks {
            result += base[position..<hunk.start]
            result += other[hunk.newStart..<hunk.newEnd]
            position = hunk.end
        }
        result += base[position..<end]
        return result
    }
}

/// A longest common subsequence by Myers' O(ND) algorithm in linear space (middle-snake bisection).
///
/// Tokens found on only one side are dropped first (they can never match), then a common prefix and
/// suffix are trimmed at every level, so typical small edits of large texts cost little more than
/// a linear scan. A stretch needing more than `maxCost` edits in one bisection is treated as wholly
/// replaced: still a valid diff, just coarser, which can only turn a clean merge into a conflict.
struct SequenceDiff {
    static let maxCost = 2_048

    private let a: [Int], b: [Int]
    private var matched: [(Int, Int)] = []

    /// Matched index pairs `(indexInA, indexInB)`, increasing in both.
    static func matches(_ a: [Int], _ b: [Int]) -> [(Int, Int)] {
        let inA = Set(a), inB = Set(b)
        let keptA = a.indices.filter { inB.contains(a[$0]) }
        let keptB = b.indices.filter { inA.contains(b[$0]) }
        var diff = SequenceDiff(a: keptA.map { a[$0] }, b: keptB.map { b[$0] })
        diff.solve(0, keptA.count, 0, keptB.count)
        return diff.matched.map { (keptA[$0.0], keptB[$0.1]) }
    }

    private init(a: [Int], b: [Int]) {
        self.a = a
        self.b = b
    }

    private mutating func solve(_ aStart: Int, _ aEnd: Int, _ bStart: Int, _ bEnd: Int) {
        var (aLow, aHigh, bLow, bHigh) = (aStart, aEnd, bStart, bEnd)
        while aLow < aHigh, bLow < bHigh, a[aLow] == b[bLow] {
            matched.append((aLow, bLow))
            aLow += 1
            bLow += 1
        }
        var suffix = 0
        while aLow < aHigh, bLow < bHigh, a[aHigh - 1] == b[bHigh - 1] {
            aHigh -= 1
            bHigh -= 1
            suffix += 1
        }
        if aLow < aHigh, bLow < bHigh, let (x, y) = bisect(aLow, aHigh, bLow, bHigh),
           (x, y) != (aLow, bLow), (x, y) != (aHigh, bHigh) {
            solve(aLow, x, bLow, y)
            solve(x, aHigh, y, bHigh)
        }
        for k in 0..<suffix { matched.append((aHigh + k, bHigh + k)) }
    }

    /// A point on an optimal edit path where the forward and reverse searches meet, or `nil`
    /// when that needs more than `maxCost` edits.
    private func bisect(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) -> (Int, Int)? {
        let (n, m) = (aHigh - aLow, bHigh - bLow)
        let maxD = min((n + m + 1) / 2, Self.maxCost)
        let offset = maxD
        let length = 2 * maxD + 2
        var forward = [Int](repeating: -1, count: length)
        var reverse = [Int](repeating: -1, count: length)
        forward[offset + 1] = 0
        reverse[offset + 1] = 0
        let delta = n - m
        let forwardChecks = delta % 2 != 0
        var (k1Start, k1End, k2Start, k2End) = (0, 0, 0, 0)
        for d in 0..<maxD {
            for k1 in stride(from: -d + k1Start, through: d - k1End, by: 2) {
                let k1Offset = offset + k1
                var x1 = k1 == -d || (k1 != d && forward[k1Offset - 1] < forward[k1Offset + 1])
                    ? forward[k1Offset + 1] : forward[k1Offset - 1] + 1
                var y1 = x1 - k1
                while x1 < n, y1 < m, a[aLow + x1] == b[bLow + y1] {
                    x1 += 1
                    y1 += 1
                }
                forward[k1Offset] = x1
                if x1 > n {
                    k1End += 2
                } else if y1 > m {
                    k1Start += 2
                } else if forwardChecks {
                    let k2Offset = offset + delta - k1
                    if k2Offset >= 0, k2Offset < length, reverse[k2Offset] != -1, x1 >= n - reverse[k2Offset] {
                        return (aLow + x1, bLow + y1)
                    }
                }
            }
            for k2 in stride(from: -d + k2Start, through: d - k2End, by: 2) {
                let k2Offset = offset + k2
                var x2 = k2 == -d || (k2 != d && reverse[k2Offset - 1] < reverse[k2Offset + 1])
                    ? reverse[k2Offset + 1] : reverse[k2Offset - 1] + 1
                var y2 = x2 - k2
                while x2 < n, y2 < m, a[aHigh - x2 - 1] == b[bHigh - y2 - 1] {
                    x2 += 1
                    y2 += 1
                }
                reverse[k2Offset] = x2
                if x2 > n {
                    k2End += 2
                } else if y2 > m {
                    k2Start += 2
                } else if !forwardChecks {
                    let k1Offset = offset + delta - k2
                    if k1Offset >= 0, k1Offset < length, forward[k1Offset] != -1 {
                        let x1 = forward[k1Offset]
                        if x1 >= n - x2 { return (aLow + x1, bLow + x1 - (k1Offset - offset)) }
                    }
                }
            }
        }
        return nil
    }
}
