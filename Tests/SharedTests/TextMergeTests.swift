import Testing
@testable import SatchelShared
@testable import SatchelSync

@Suite("TextMerge examples")
struct TextMergeExampleTests {
    @Test func trivialCasesTakeTheChangedSide() {
        #expect(TextMerge.merge(base: "a", local: "b", remote: "b") == .clean("b"))
        #expect(TextMerge.merge(base: "a", local: "a", remote: "c") == .clean("c"))
        #expect(TextMerge.merge(base: "a", local: "d", remote: "a") == .clean("d"))
    }

    @Test func editsToDifferentParagraphsMerge() {
        let base = "One one.\n\nTwo two.\n\nThree three.\n"
        let local = "One ONE.\nExtra.\n\nTwo two.\n\nThree three.\n"
        let remote = "One one.\n\nTwo two.\n\nThree, changed.\n"
        #expect(TextMerge.merge(base: base, local: local, remote: remote)
            == .clean("One ONE.\nExtra.\n\nTwo two.\n\nThree, changed.\n"))
    }

    @Test func adjacentLineChangesMerge() {
        #expect(TextMerge.merge(base: "1\n2\n3\n4\n", local: "1\nTWO\n3\n4\n", remote: "1\n2\nTHREE\n4\n")
            == .clean("1\nTWO\nTHREE\n4\n"))
        #expect(TextMerge.merge(base: "1\n2\n3\n", local: "1\n3\n", remote: "1\n2\nTHREE\n")
            == .clean("1\nTHREE\n"))
    }

    @Test func insertionAtTheEdgeOfAChangeGoesBesideIt() {
        #expect(TextMerge.merge(base: "a\nb\nc\n", local: "a\nnew\nb\nc\n", remote: "a\nB\nc\n")
            == .clean("a\nnew\nB\nc\n"))
        #expect(TextMerge.merge(base: "a\nb\nc\n", local: "a\nb\nnew\nc\n", remote: "a\nB\nc\n")
            == .clean("a\nB\nnew\nc\n"))
    }

    @Test func missingFinalNewlineRoundTrips() {
        #expect(TextMerge.merge(base: "a\nb", local: "A\nb", remote: "a\nB") == .clean("A\nB"))
        #expect(TextMerge.merge(base: "a\n\nb", local: "a\n\nb\nc", remote: "x\n\nb") == .clean("x\n\nb\nc"))
        #expect(TextMerge.merge(base: "a\n\nb\n", local: "A\n\nb\n", remote: "a\n\nb") == .clean("A\n\nb"))
    }

    @Test func crlfLineEndingsRoundTrip() {
        #expect(TextMerge.merge(base: "a\r\n\r\nb\r\n", local: "A\r\n\r\nb\r\n", remote: "a\r\n\r\nB\r\n")
            == .clean("A\r\n\r\nB\r\n"))
    }

    @Test func identicalChangesApplyOnce() {
        #expect(TextMerge.merge(base: "a\nb\nc\n", local: "a\nX\nc\n", remote: "a\nX\nC\n")
            == .clean("a\nX\nC\n"))
        #expect(TextMerge.merge(base: "a\nb\nc\nd\n", local: "a\nX\nc\nd\n", remote: "a\nX\nc\nD\n")
            == .clean("a\nX\nc\nD\n"))
    }

    @Test func overlappingChangesConflictVerbatim() {
        let cases = [
            ("a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n"),             // same line, different text
            ("a\nb\nc\n", "a\nc\n", "a\nB\nc\n"),                // delete versus edit
            ("a\n", "a\nL\n", "a\nR\n"),                         // different inserts, same place
            ("a\n", "a\nsame\nL\n", "a\nsame\n"),               // one insert extends the other
            ("", "left", "right"),                               // both fill an empty text
            ("a\nb\nc\nd\n", "a\nd\n", "a\nb\nX\nc\nd\n"),       // insert inside a deleted range
            ("the cat sat\n", "the dog sat\n", "the cat  sat\n"), // touching words
            ("the cat sat\n", "the cats sat\n", "the kitten sat\n"),
        ]
        for (base, local, remote) in cases {
            #expect(TextMerge.merge(base: base, local: local, remote: remote)
                == .conflict(local: local, remote: remote, base: base), "\(local) / \(remote)")
        }
    }

    @Test func lineConflictInsideAParagraphRetriesByWord() {
        let base = "The quick brown fox jumps over the lazy dog. It was sunny.\n\nNext.\n"
        let local = "The quick red fox jumps over the lazy dog. It was sunny.\n\nNext.\n"
        let remote = "The quick brown fox jumps over the lazy dog. It was cloudy today.\n\nNext.\n"
        #expect(TextMerge.merge(base: base, local: local, remote: remote)
            == .clean("The quick red fox jumps over the lazy dog. It was cloudy today.\n\nNext.\n"))
        #expect(TextMerge.merge(base: "the cat sat", local: "the dog sat", remote: "the cat ran")
            == .clean("the dog ran"))
    }

    @Test func largeTextsWithScatteredEditsMergeQuickly() {
        let lines = (0..<10_000).map { "line \($0) of a long draft\n" }
        var local = lines, remote = lines, expected = lines
        for index in stride(from: 7, to: 10_000, by: 500) {
            local[index] = "local edit \(index)\n"
            remote[index + 100] = "remote edit \(index)\n"
            expected[index] = local[index]
            expected[index + 100] = remote[index + 100]
        }
        local.insert("inserted at top\n", at: 0)
        expected.insert("inserted at top\n", at: 0)
        #expect(TextMerge.merge(base: lines.joined(), local: local.joined(), remote: remote.joined())
            == .clean(expected.joined()))
    }

    @Test func largeRewritesAndReorderingsStayBounded() {
        let lines = (0..<10_000).map { "line \($0)\n" }
        let rewritten = lines.map { "other " + $0 }.joined()
        let reversed = lines.reversed().joined()
        let edited = (["first\n"] + lines.dropFirst()).joined()
        for other in [rewritten, reversed] {
            let result = TextMerge.merge(base: lines.joined(), local: other, remote: edited)
            #expect(result == .conflict(local: other, remote: edited, base: lines.joined()))
        }
    }
}

@Suite("SequenceDiff")
struct SequenceDiffTests {
    @Test func matchesAreALongestCommonSubsequence() {
        forEachSeed { seed, random in
            let a = (0..<Int.random(in: 0...14, using: &random)).map { _ in Int.random(in: 0...3, using: &random) }
            let b = (0..<Int.random(in: 0...14, using: &random)).map { _ in Int.random(in: 0...3, using: &random) }
            let matches = SequenceDiff.matches(a, b)
            #expect(matches.allSatisfy { a[$0.0] == b[$0.1] }, "seed \(seed)")
            #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.0 < $1.0 && $0.1 < $1.1 }, "seed \(seed)")
            #expect(matches.count == lcsLength(a, b), "seed \(seed)")
        }
    }

    private func lcsLength(_ a: [Int], _ b: [Int]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in a.indices.reversed() {
            for j in b.indices.reversed() {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }
}

@Suite("TextMerge properties")
struct TextMergePropertyTests {
    @Test func oneSidedAndIdenticalEditsAreClean() {
        forEachSeed { seed, random in
            let base = Draft.random(&random)
            let edited = base.editing(paragraph: Int.random(in: base.paragraphs.indices, using: &random), &random)
            for x in [edited.text, Draft.random(&random).text] {
                #expect(TextMerge.merge(base: base.text, local: x, remote: base.text) == .clean(x), "seed \(seed)")
                #expect(TextMerge.merge(base: base.text, local: base.text, remote: x) == .clean(x), "seed \(seed)")
                #expect(TextMerge.merge(base: base.text, local: x, remote: x) == .clean(x), "seed \(seed)")
            }
        }
    }

    @Test func editsToDisjointParagraphsMergeCleanWithBothEdits() {
        forEachSeed { seed, random in
            let base = Draft.random(&random, minParagraphs: 2)
            let picked = base.paragraphs.indices.shuffled(using: &random).prefix(2)
            let (first, second) = (picked.first!, picked.last!)
            let local = base.editing(paragraph: first, &random)
            let remote = base.editing(paragraph: second, &random)
            var expected = base
            expected.paragraphs[first] = local.paragraphs[first]
            expected.paragraphs[second] = remote.paragraphs[second]
            let forward = TextMerge.merge(base: base.text, local: local.text, remote: remote.text)
            let backward = TextMerge.merge(base: base.text, local: remote.text, remote: local.text)
            #expect(forward == .clean(expected.text), "seed \(seed)")
            #expect(backward == forward, "seed \(seed)")
        }
    }

    @Test func mergeIsSymmetricAndLosesNothing() {
        var outcomes = (clean: 0, conflict: 0)
        forEachSeed { seed, random in
            let base = Draft.random(&random)
            let indices = base.paragraphs.indices
            let local = base.editing(paragraph: Int.random(in: indices, using: &random), &random)
            let remote = base.editing(paragraph: Int.random(in: indices, using: &random), &random)
            let forward = TextMerge.merge(base: base.text, local: local.text, remote: remote.text)
            let backward = TextMerge.merge(base: base.text, local: remote.text, remote: local.text)
            switch (forward, backward) {
            case (.clean(let merged), .clean(let mergedBackward)):
                #expect(merged == mergedBackward, "seed \(seed)")
                outcomes.clean += 1
            case (.conflict(let l, let r, let b), .conflict(let lBackward, let rBackward, let bBackward)):
                #expect(l == local.text && r == remote.text && b == base.text, "seed \(seed)")
                #expect(lBackward == remote.text && rBackward == local.text && bBackward == base.text, "seed \(seed)")
                outcomes.conflict += 1
            default:
                Issue.record("clean one way, conflict the other: seed \(seed)")
            }
        }
        // Both branches must be exercised, or the property says little.
        #expect(outcomes.clean >= 100 && outcomes.conflict >= 100, "\(outcomes)")
    }
}

/// A draft body: paragraphs of lines, separated by blank lines. Every generated line is distinct,
/// like real prose, so that the expected merge is unambiguous.
private struct Draft {
    var paragraphs: [[String]]
    var finalNewline: Bool
    private static let words = ["sync", "offline", "draft", "merge", "clock", "tag", "note", "read"]

    var text: String {
        paragraphs.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + (finalNewline ? "\n" : "")
    }

    static func random(_ random: inout SeededGenerator, minParagraphs: Int = 1) -> Draft {
        let paragraphs = (0..<Int.random(in: minParagraphs...6, using: &random)).map { _ in
            (0..<Int.random(in: 1...4, using: &random)).map { _ in line(&random) }
        }
        return Draft(paragraphs: paragraphs, finalNewline: Bool.random(using: &random))
    }

    static func line(_ random: inout SeededGenerator) -> String {
        let words = (0..<Int.random(in: 1...6, using: &random)).map { _ in Self.words.randomElement(using: &random)! }
        return (words + ["w\(random.next() % 1_000_000_000)"]).shuffled(using: &random).joined(separator: " ")
    }

    /// One to three line or word edits inside one paragraph, never emptying it.
    func editing(paragraph index: Int, _ random: inout SeededGenerator) -> Draft {
        var copy = self
        var lines = paragraphs[index]
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let at = Int.random(in: lines.indices, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: lines[at] = Self.line(&random)
            case 1: lines.insert(Self.line(&random), at: Int.random(in: 0...lines.count, using: &random))
            case 2 where lines.count > 1: lines.remove(at: at)
            default:
                var words = lines[at].split(separator: " ").map(String.init)
                words[Int.random(in: words.indices, using: &random)] = "edited\(random.next() % 1_000)"
                lines[at] = words.joined(separator: " ")
            }
        }
        copy.paragraphs[index] = lines
        return copy
    }
}
