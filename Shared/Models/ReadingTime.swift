import Foundation

/// Word counts and the "2 min read" figure, computed the same way everywhere.
public enum ReadingTime {
    /// Reading speed used for ``minutes(forWords:)``: 200 words per minute, a common figure for
    /// adults reading on screen.
    public static let wordsPerMinute = 200

    /// Counts words: runs of letters, digits, apostrophes or hyphens.
    public static func wordCount(of text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordCharacter = CharacterSet.alphanumerics.contains(scalar) || scalar == "'" || scalar == "-"
                || scalar == "\u{2019}"
            if isWordCharacter && !inWord { count += 1 }
            inWord = isWordCharacter
        }
        return count
    }

    /// Whole minutes to read `words` words, rounded up, never less than 1.
    public static func minutes(forWords words: Int) -> Int {
        max(1, (words + wordsPerMinute - 1) / wordsPerMinute)
    }
}
