/// The formats `satchel export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Every field of every article (`satchel import` restores it); with its files, a ZIP.
    case json
    /// Pocket's CSV columns, which most read-later apps import.
    case csv
    /// Netscape bookmark HTML, which Firefox and Chrome import, with labels as `TAGS`.
    case netscape
    /// A Markdown file per article, its fields as front matter.
    case markdown
    /// An EPUB 3 book of the articles with their captured text and images.
    case epub
}
