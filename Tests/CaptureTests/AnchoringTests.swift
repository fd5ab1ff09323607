import Foundation
import Testing
@testable import SatchelCapture

/// Highlights found again on re-captures: paragraphs come and go, words change, quotes repeat, and
/// typography shifts; a highlight lands on its own text or nowhere, never on other text.
@Suite struct AnchoringTests {
    static let paragraphs = [
        "The harbour was quiet that morning, and the boats rocked gently against the old stone quay.",
        "Fishermen mended their nets and talked about the weather, the prices at market and the winter ahead.",
        "By noon the first ferry had come in, and the square filled with travellers looking for lunch.",
        "In the evening the lamps were lit one by one along the sea wall, as they had been for a century.",
    ]
    static let text = paragraphs.joined(separator: "\n\n")

    static func quote(_ exact: String, in text: String = text, occurrence: Int = 0) throws -> TextQuote {
        let ranges = QuoteAnchoring.occurrences(of: exact, in: text)
        let range = try #require(ranges.count > occurrence ? ranges[occurrence] : nil, "\(exact) is in the text")
        return TextQuote(range: range, in: text)
    }

    static func placedText(_ placement: Placement, in text: String) -> String? {
        guard case .placed(let start, let end, _) = placement else { return nil }
        let scalars = Array(text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    @Test("on the capture it was made on, by position")
    func samePosition() throws {
        let made = try Self.quote("the square filled with travellers")
        let placement = QuoteAnchoring.place(made, in: Self.text, sameCapture: true)
        #expect(placement == .placed(start: made.start, end: made.end, by: .position))
    }

    @Test("paragraphs inserted and deleted before the quote: found by the quote")
    func paragraphsMoved() throws {
        let made = try Self.quote("lamps were lit one by one")
        let inserted = (["A new opening paragraph about the tides, added by the editors."] + Self.paragraphs).joined(separator: "\n\n")
        let moved = QuoteAnchoring.place(made, in: inserted, sameCapture: false)
        #expect(Self.placedText(moved, in: inserted) == "lamps were lit one by one")
        guard case .placed(_, _, let method) = moved else { return }
        #expect(method == .quote)
        let deleted = Array(Self.paragraphs.dropFirst(2)).joined(separator: "\n\n")
        #expect(Self.placedText(QuoteAnchoring.place(made, in: deleted, sameCapture: false), in: deleted) == "lamps were lit one by one")
        // A stale position on "the same capture" is not trusted when the text there changed.
        #expect(Self.placedText(QuoteAnchoring.place(made, in: inserted, sameCapture: true), in: inserted) == "lamps were lit one by one")
    }

    @Test("a word edited inside or around the quote: placed fuzzily on the edited passage")
    func wordsEdited() throws {
        let made = try Self.quote("talked about the weather, the prices at market and the winter ahead")
        let edited = Self.text.replacingOccurrences(of: "the prices at market", with: "the price at the market")
        let placement = QuoteAnchoring.place(made, in: edited, sameCapture: false)
        #expect(Self.placedText(placement, in: edited)?.hasPrefix("talked about the weather, the price at the market") == true, "\(placement)")
        if case .placed(_, _, let method) = placement { #expect(method == .fuzzy) }

        let around = Self.text.replacingOccurrences(of: "Fishermen mended their nets and", with: "The old fishermen repaired nets and")
        let aroundPlacement = QuoteAnchoring.place(made, in: around, sameCapture: false)
        #expect(Self.placedText(aroundPlacement, in: around) == "talked about the weather, the prices at market and the winter ahead")
    }

    @Test("a sentence reworded beyond recognition: an orphan, not moved onto other text")
    func rewordedIsOrphan() throws {
        let made = try Self.quote("the boats rocked gently against the old stone quay")
        let reworded = Self.text.replacingOccurrences(
            of: "the boats rocked gently against the old stone quay", with: "a storm battered every vessel moored along the pier")
        #expect(QuoteAnchoring.place(made, in: reworded, sameCapture: false) == .orphan)
        let removed = Self.paragraphs.dropFirst().joined(separator: "\n\n")
        #expect(QuoteAnchoring.place(made, in: removed, sameCapture: false) == .orphan)
    }

    @Test("a repeated quote: the context decides which occurrence, even after the text moved")
    func repeatedQuote() throws {
        let text = [
            "Chapter one. The answer was no, said the mayor to the council.",
            "Chapter two. The answer was no, said the harbour master to the fishermen.",
        ].joined(separator: "\n\n")
        let second = try Self.quote("The answer was no", in: text, occurrence: 1)
        let shifted = "A foreword.\n\n" + text + "\n\nChapter three. The answer was no, said everyone."
        let placement = QuoteAnchoring.place(second, in: shifted, sameCapture: false)
        guard case .placed(let start, _, _) = placement else {
            Issue.record("placed: \(placement)")
            return
        }
        let before = String(String.UnicodeScalarView(Array(shifted.unicodeScalars)[..<start]))
        #expect(before.hasSuffix("Chapter two. "), "the second chapter's, by its context")

        // Two occurrences with the same context: the one nearer the old position.
        let twins = "x The answer was no y\n\nx The answer was no y"
        let late = try Self.quote("The answer was no", in: twins, occurrence: 1)
        #expect(QuoteAnchoring.place(late, in: twins, sameCapture: false) == .placed(start: late.start, end: late.end, by: .quote))
    }

    @Test("whitespace and typography only: curly and straight quotes, NBSP, soft hyphens, ligatures, dashes, ellipses")
    func typography() throws {
        let plain = "She said \"don't go\" -- the office was closed... and the fifth floor was dark."
        let made = try Self.quote("\"don't go\" -- the office was closed... and the fifth floor", in: plain)
        let fancy = "She said \u{201C}don\u{2019}t\u{00A0}go\u{201D} -\u{2013} the of\u{FB01}ce was clo\u{00AD}sed\u{2026} and  the\n\u{FB01}fth floor was dark."
        let placement = QuoteAnchoring.place(made, in: fancy, sameCapture: false)
        let placed = try #require(Self.placedText(placement, in: fancy))
        #expect(placed.hasPrefix("\u{201C}don\u{2019}t") && placed.hasSuffix("\u{FB01}fth floor"), "\(placed)")
        if case .placed(_, _, let method) = placement { #expect(method == .quote) }
    }

    @Test("a quote never matches across the end of a paragraph where it had none; one made across paragraphs still does")
    func paragraphBreaks() throws {
        let text = "An officer said: come on, you are going to be OK, an officer told the girl.\n\nThe end of the day."
        let own = try Self.quote("you are going to be OK, an officer told the", in: text)
        // Its own "the" reworded; elsewhere the same words end a paragraph and the next begins with "The".
        let changed = "An officer said: come on, you are going to be OK, an officer told a girl.\n\n"
            + "A quote: you are going to be OK, an officer told\n\nThe end of the day."
        #expect(QuoteAnchoring.place(own, in: changed, sameCapture: false) == .orphan)
        // A quote that spans two paragraphs is found again across the same break, whatever the blank lines.
        let spanning = try Self.quote("told the girl.\n\nThe end", in: text)
        let respaced = text.replacingOccurrences(of: "\n\n", with: "\n \n\n")
        #expect(Self.placedText(QuoteAnchoring.place(spanning, in: respaced, sameCapture: false), in: respaced) == "told the girl.\n \n\nThe end")
    }

    @Test("every machine gets the same placement: the function depends on the quote and the text alone")
    func deterministic() throws {
        let made = try Self.quote("the first ferry had come in")
        let edited = Self.text.replacingOccurrences(of: "first ferry had come", with: "first ferry has come")
        let placements = (0..<5).map { _ in QuoteAnchoring.place(made, in: edited, sameCapture: false) }
        #expect(Set(placements.map { "\($0)" }).count == 1)
        #expect(Self.placedText(placements[0], in: edited) == "the first ferry has come in")
    }

    @Test("short quotes are never placed fuzzily; an empty quote is an orphan")
    func shortQuotes() throws {
        let made = try Self.quote("by one")
        #expect(QuoteAnchoring.place(made, in: Self.text.replacingOccurrences(of: "by one", with: "by two"), sameCapture: false) == .orphan)
        #expect(QuoteAnchoring.place(TextQuote(exact: "  ", prefix: "", suffix: "", start: 0, end: 2), in: Self.text, sameCapture: false) == .orphan)
    }

    @Test("a long quote (two paragraphs) with an edit in the middle is found by its ends")
    func longQuote() throws {
        let exact = Self.paragraphs[1] + "\n\n" + Self.paragraphs[2]
        let made = try Self.quote(exact)
        let edited = Self.text.replacingOccurrences(of: "the winter ahead", with: "the long, cold and hungry winter that lay ahead of them")
        let placed = try #require(Self.placedText(QuoteAnchoring.place(made, in: edited, sameCapture: false), in: edited))
        #expect(placed.hasPrefix("Fishermen mended") && placed.hasSuffix("looking for lunch."))
    }

    @Test("the plain text of a readable copy: paragraphs, entities decoded, captions left out")
    func readableText() {
        let text = ReadableText.plain(fromHTML: "<h1>Title</h1><p>One &amp; <em>two</em>.</p><figure><img src=x><figcaption>Cap</figcaption></figure><p>Three</p>")
        #expect(text == "Title\n\nOne & two.\n\nThree")
    }
}
