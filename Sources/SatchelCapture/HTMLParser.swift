/// The parser the extractor, the sanitizer and the reading view use: UTF-8 HTML to a ``Document``.
///
/// Gumbo checks element scopes by scanning the stack of open elements (and so does ``HTMLTreeParser``), so
/// the input first passes ``NestingGuard``, which cuts it where nesting would pass ``maximumDepth``.
enum HTMLParser {
    /// Deepest nesting of elements the parser is given; past it the page is cut.
    static let maximumDepth = 512

    /// Parses `utf8` (already decoded to UTF-8, without NUL bytes) into a document.
    static func parse(_ utf8: [UInt8]) -> Document {
        GumboParser.parse(NestingGuard.cut(utf8, maximumDepth: maximumDepth))
    }
}
