import Foundation
import Testing
@testable import SatchelCapture

/// Where a page prints the same words more than once, a highlight is placed only when the evidence
/// singles its own passage out: repeats counted on the capture it was made on, near twins, copies printed
/// beside the passage. Each case below was a misplacement before these rules.
@Suite struct AnchoringRepeatsTests {
    typealias Base = AnchoringTests

    static let intro = "An opening paragraph of the gallery, long enough to fill every context window."
    static let frame = "Gallery item, photographed by the staff of the museum."
    static let caption = "A red boat in the harbour at dawn."
    static let outro = "A closing paragraph with the credits for every photograph above."

    /// The intro, then `count` captions each framed by the same paragraph, then the outro.
    static func gallery(_ count: Int, before: [String] = []) -> String {
        (before + [intro, frame] + Array(repeating: [caption, frame], count: count).flatMap { $0 } + [outro])
            .joined(separator: "\n\n")
    }

    @Test("passages printed alike with their context are told apart by order, only while all of them are there")
    func twinsCounted() throws {
        let text = Self.gallery(3)
        let second = try Base.quote("A red boat in the harbour", in: text, occurrence: 1)
        #expect(second.repeatIndex == 1 && second.repeatCount == 3 && second.occurrences == 3)

        let shifted = Self.gallery(3, before: ["A paragraph the editors added at the top."])
        let placement = QuoteAnchoring.place(second, in: shifted, sameCapture: false)
        let expected = QuoteAnchoring.occurrences(of: "A red boat in the harbour", in: shifted)[1]
        #expect(placement == .placed(start: expected.lowerBound, end: expected.upperBound, by: .quote))

        // One of the three gone: which one is not known, so the highlight is an orphan, never the third.
        #expect(QuoteAnchoring.place(second, in: Self.gallery(2), sameCapture: false) == .orphan)
    }

    @Test("fewer places print the words than did: only a place whose surroundings are intact is the quote's")
    func occurrencesDropped() throws {
        let text = [
            "The crew tested it quickly. Using Final Cut Pro X on the new MacBook Pro was a pleasure for them.",
            "Elsewhere in the review. Editing in the Final Cut Pro X on the new 16-inch MacBook felt fast too.",
        ].joined(separator: "\n\n")
        let first = try Base.quote("Final Cut Pro X on", in: text)
        #expect(first.occurrences == 2)
        // Its own passage reworded: the other one, with other surroundings, is not it.
        let reworded = text.replacingOccurrences(of: "Using Final Cut Pro X on the new MacBook Pro", with: "Using Final Cut Pro 11 on a MacBook Pro")
        #expect(QuoteAnchoring.place(first, in: reworded, sameCapture: false) == .orphan)
        // Its own passage intact while the other changed: still placed on its own.
        let otherGone = text.replacingOccurrences(of: "Editing in the Final Cut Pro X on", with: "Editing in the newest release on")
        let placement = QuoteAnchoring.place(first, in: otherGone, sameCapture: false)
        #expect(Base.placedText(placement, in: otherGone) == "Final Cut Pro X on")
        guard case .placed(let start, _, _) = placement else { return }
        #expect(start == first.start)
    }

    @Test("a quote with a near twin in its capture (a tweet and the sentence restating it) is never placed fuzzily")
    func nearTwinBlocksFuzzy() throws {
        let text = [
            "Senate resolves to: Observe a minute silence in honour of the departed souls. See the tweets below.",
            "In a motion, the Senate resolved to observe a minute of silence in honour of the departed souls.",
        ].joined(separator: "\n\n")
        let tweet = try Base.quote("resolves to: Observe a minute silence in honour of", in: text)
        #expect(tweet.nearOccurrences == 2)
        let reworded = text.replacingOccurrences(of: "Senate resolves to: Observe a minute silence", with: "Senate stood in a minute silence")
        #expect(QuoteAnchoring.place(tweet, in: reworded, sameCapture: false) == .orphan)

        // Without the near twin, the same edit of one word is found fuzzily.
        let alone = "Senate resolves to: Observe a minute silence in honour of the departed souls. See the tweets below."
        let single = try Base.quote("resolves to: Observe a minute silence in honour of", in: alone)
        #expect(single.nearOccurrences == 1)
        let edited = alone.replacingOccurrences(of: "Observe a minute", with: "observe one minute")
        let placement = QuoteAnchoring.place(single, in: edited, sameCapture: false)
        #expect(Base.placedText(placement, in: edited) == "resolves to: observe one minute silence in honour of", "\(placement)")
    }

    @Test("a copy printed beside the passage (a pull quote) takes its surroundings: an orphan; a copy far away does not matter")
    func copyBesidePassage() throws {
        let text = [
            "He ran for 120 yards and two scores, with 30 carries for NIU.",
            "The three previous games between these programs went to overtime.",
            "Kickoff is at noon on Saturday, and tickets are still on sale at the stadium.",
        ].joined(separator: "\n\n")
        let made = try Base.quote("The three previous games between these programs", in: text)
        #expect(made.occurrences == 1)
        let beside = text.replacingOccurrences(
            of: "NIU.\n\nThe three", with: "NIU.\n\nThe three previous games between these programs went to overtime.\n\nThe three")
        #expect(QuoteAnchoring.place(made, in: beside, sameCapture: false) == .orphan)

        let farAway = text + "\n\nA long closing paragraph about the season so far, then a pull quote.\n\n"
            + "“The three previous games between these programs went to overtime.”"
        let placement = QuoteAnchoring.place(made, in: farAway, sameCapture: false)
        #expect(placement == .placed(start: made.start, end: made.end, by: .quote))
    }

    @Test("a long quote printed once is placed with new surroundings; a short one needs half of them")
    func surroundingsChanged() throws {
        let long = "the first ferry had come in, and the square filled"
        let made = try Base.quote(long)
        let surroundings = Base.text
            .replacingOccurrences(of: "By noon ", with: "Much later, at about two, ")
            .replacingOccurrences(of: " with travellers looking for lunch.", with: " to the brim with tourists.")
        #expect(Base.placedText(QuoteAnchoring.place(made, in: surroundings, sameCapture: false), in: surroundings) == long)

        // The word right before a short quote changed, the rest of its surroundings kept: still its place.
        let short = try Base.quote("the winter ahead.")
        let oneWord = Base.text.replacingOccurrences(of: "market and the winter", with: "market or the winter")
        #expect(Base.placedText(QuoteAnchoring.place(short, in: oneWord, sameCapture: false), in: oneWord) == "the winter ahead.")
    }
}
