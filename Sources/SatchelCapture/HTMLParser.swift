/// The parser the extractor, the sanitizer and the reading view use: UTF-8 HTML to a ``Document``, by
/// ``HTMLTreeParser`` (Satchel's own; ``GumboParser`` is kept only as the oracle it is checked against).
///
/// The tree builder checks element scopes by scanning the stack of open elements, as the Standard
/// describes it, so the input first passes ``NestingGuard``, which cuts it where nesting would pass
/// ``maximumDepth``: scope checks stay short and the stack of open elements small.
enum HTMLParser {
    /// Deepest nesting of elements the parser is given; past it the page is cut.
    static let maximumDepth = 512

    /// Parses `utf8` (already decoded to UTF-8, without NUL bytes) into a document.
    static func parse(_ utf8: [UInt8]) -> Document {
        HTMLTreeParser.parse(NestingGuard.cut(utf8, maximumDepth: maximumDepth))
    }
}
