/// Where a highlight is, as the W3C Web Annotation model says it: the quote with its context (a
/// TextQuoteSelector) and its position in the plain text it was made on (a TextPositionSelector).
public struct TextQuote: Sendable, Equatable {
    /// Characters of context kept on each side of the quote.
    public static let contextLength = 32

    /// The quoted text.
    public var exact: String
    /// Up to ``contextLength`` characters before it.
    public var prefix: String
    /// Up to ``contextLength`` characters after it.
    public var suffix: String
    /// Its start in the plain text, in Unicode scalars.
    public var start: Int
    /// Its end (exclusive).
    public var end: Int
    /// Which of the passages repeating it with the same context it was (0: the first; most quotes have
    /// no repeat): a page may print a caption twice, words and surroundings alike.
    public var repeatIndex: Int
    /// How many passages repeated it with the same context, itself included (1: none repeated it).
    public var repeatCount: Int
    /// How many times its words appeared in the plain text, typography folded, whatever their context.
    public var occurrences: Int
    /// At how many places its words appeared with at most one character in six changed (1: only its own).
    public var nearOccurrences: Int

    /// A quote with its context and position.
    public init(
        exact: String, prefix: String, suffix: String, start: Int, end: Int, repeatIndex: Int = 0, repeatCount: Int = 1,
        occurrences: Int = 1, nearOccurrences: Int = 1
    ) {
        self.exact = exact
        self.prefix = prefix
        self.suffix = suffix
        self.start = start
        self.end = end
        self.repeatIndex = repeatIndex
        self.repeatCount = repeatCount
        self.occurrences = occurrences
        self.nearOccurrences = nearOccurrences
    }

    /// The quote of `range` (in Unicode scalars) of `text`, with its context.
    public init(range: Range<Int>, in text: String) {
        let scalars = Array(text.unicodeScalars)
        let lower = max(0, min(range.lowerBound, scalars.count))
        let upper = max(lower, min(range.upperBound, scalars.count))
        func string(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
        let exact = string(scalars[lower..<upper])
        let prefix = string(scalars[max(0, lower - Self.contextLength)..<lower])
        let suffix = string(scalars[upper..<min(scalars.count, upper + Self.contextLength)])
        let repeats = QuoteAnchoring.repetition(of: lower..<upper, exact: exact, prefix: prefix, suffix: suffix, in: text)
        self.init(
            exact: exact, prefix: prefix, suffix: suffix, start: lower, end: upper, repeatIndex: repeats.index,
            repeatCount: repeats.count, occurrences: repeats.occurrences, nearOccurrences: repeats.nearOccurrences)
    }
}

/// Where a highlight lands on a capture.
public enum Placement: Sendable, Equatable {
    /// On the text `start..<end` (Unicode scalars of the plain text), found `by` one of the ways below.
    case placed(start: Int, end: Int, by: Method)
    /// Nowhere with confidence: kept and listed with its quote, never moved onto other text.
    case orphan

    /// How a placement was found.
    public enum Method: String, Sendable, Equatable {
        /// By position, on the capture it was made on.
        case position
        /// By the quote, found as it was (typography aside), its context choosing among repeats.
        case quote
        /// By the quote, found with a few characters changed.
        case fuzzy
    }
}
