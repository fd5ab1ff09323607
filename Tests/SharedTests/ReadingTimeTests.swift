import Testing
@testable import SatchelShared

@Suite("Reading time")
struct ReadingTimeTests {
    @Test("counts words, including contractions and hyphenated words, across punctuation")
    func words() {
        #expect(ReadingTime.wordCount(of: "") == 0)
        #expect(ReadingTime.wordCount(of: "Hello, world!") == 2)
        #expect(ReadingTime.wordCount(of: "It's offline-first — really.") == 3)
        #expect(ReadingTime.wordCount(of: "  spaced\n\nout\ttext ") == 3)
    }

    @Test("minutes round up at 200 words per minute and are at least 1", arguments: [
        (0, 1), (1, 1), (200, 1), (201, 2), (400, 2), (401, 3),
    ])
    func minutes(words: Int, expected: Int) {
        #expect(ReadingTime.minutes(forWords: words) == expected)
    }
}
