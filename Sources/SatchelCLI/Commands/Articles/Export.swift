import ArgumentParser
import Foundation
import SatchelClient
import SatchelExport
import SatchelShared

/// `satchel export`: the reading list in a format other apps (or another Satchel) read.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the reading list: JSON, CSV, bookmarks, Markdown or EPUB.",
        discussion: """
            Formats (--format):
              json      every field of every article; `satchel import` restores it
              csv       Pocket's columns, which most read-later apps import
              netscape  bookmarks HTML that Firefox and Chrome import, labels as tags
              markdown  one file per article, its fields as front matter (-o FOLDER)
              epub      an EPUB 3 book: a cover, a table of contents, and a chapter
                        per article with its captured text and the images on this
                        machine (-o FILE.epub)

            With --with-files, json becomes a ZIP (-o FILE.zip) of the JSON and
            every file the articles have: readable copies, images, saved PDFs.
            `satchel import` restores it with its files, so the articles read
            offline at once. A plain json export carries no files: pages that had
            a readable copy are captured again after it is imported.

            --tag, --unread and --archived choose the articles (default: all of
            them). Without -o, json, csv and netscape go to standard output.

            Example:
              satchel export --format json -o reading-list.json
              satchel export --format json --with-files -o reading-list.zip
              satchel export --format epub --tag research -o research.epub
              satchel export --format markdown --unread -o notes/
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: ArgumentHelp("json, csv, netscape, markdown or epub", valueName: "format")) var format: String = "json"
    @Option(name: .customLong("tag"), help: ArgumentHelp("Only articles with this label (repeat for any of several).", valueName: "label"))
    var tags: [String] = []
    @Flag(help: "Only articles not archived.") var unread = false
    @Flag(help: "Only archived articles.") var archived = false
    @Flag(help: "With json: write a ZIP of the JSON and the articles' files.") var withFiles = false
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("The file to write (for markdown, the folder).", valueName: "path"))
    var output: String?

    func validate() throws {
        if unread && archived { throw ValidationError("Use --unread or --archived, not both.") }
        guard let known = ExportFormat(rawValue: format) else {
            throw ValidationError("--format must be one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if withFiles && known != .json { throw ValidationError("--with-files goes with --format json only.") }
        if output == nil {
            if known == .markdown { throw ValidationError("--format markdown needs -o FOLDER.") }
            if known == .epub { throw ValidationError("--format epub needs -o FILE.epub.") }
            if withFiles { throw ValidationError("--with-files needs -o FILE.zip.") }
        }
    }

    func run() async throws {
        let session = try Session.open(options)
        let wanted = Set(tags.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        let articles = try session.store.articles().map(\.value).filter { article in
            !article.deleted && (!unread || !article.archived) && (!archived || article.archived)
                && (wanted.isEmpty || !wanted.isDisjoint(with: article.tags))
        }.sorted { $0.savedAt < $1.savedAt }
        let format = ExportFormat(rawValue: format) ?? .json
        let text: Data
        switch format {
        case .json where withFiles: return try await writeArchive(articles, store: session.store, to: output ?? "export.zip")
        case .json: text = try ArticleExport.json(articles, highlights: try session.store.highlights(), exportedAt: Date())
        case .csv: text = Data(ArticleExport.pocketCSV(articles).utf8)
        case .netscape: text = Data(ArticleExport.netscape(articles).utf8)
        case .markdown: return try writeMarkdown(articles, highlights: try session.store.highlights(), to: output ?? ".")
        case .epub: return try await writeBook(articles, store: session.store, to: output ?? "export.epub")
        }
        guard let output else {
            Console.current.out(String(decoding: text, as: UTF8.self))
            return
        }
        do {
            try text.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError("Cannot write \(output).", exitCode: ExitStatus.failure)
        }
        Console.current.err("Exported \(Self.count(articles.count, "article")) to \(output).\n")
    }

    private func writeMarkdown(_ articles: [SavedArticle], highlights: [Highlight], to folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for article in articles {
                let (name, text) = ArticleExport.markdown(article, highlights: highlights)
                try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name), options: .atomic)
            }
        } catch {
            throw CLIError("Cannot write into \(folder).", exitCode: ExitStatus.failure)
        }
        Console.current.err("Exported \(Self.count(articles.count, "article")) to \(folder).\n")
    }

    /// `1 article`, `2 articles`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
