import ArgumentParser
import Foundation
import SatchelClient
import SatchelExport
import SatchelShared

/// `satchel export`: the reading list in a format other apps (or another Satchel) read.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the reading list: JSON (every field), Pocket CSV, bookmarks HTML or Markdown.",
        discussion: """
            json keeps every field of every article; `satchel import` restores it (files aside: pages with a \
            copy are captured again). csv has Pocket's columns, netscape is the bookmarks HTML that Firefox and \
            Chrome import, markdown writes one file per article into the folder -o names. Without -o the export \
            goes to standard output.

            Example:
              satchel export --format json -o reading-list.json
              satchel export --format markdown --tag research -o notes/
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: ArgumentHelp("json, csv, netscape or markdown.", valueName: "format")) var format: String = "json"
    @Option(name: .customLong("tag"), help: "Only articles with this label; repeat for any of several.") var tags: [String] = []
    @Flag(help: "Only articles not archived.") var unread = false
    @Flag(help: "Only archived articles.") var archived = false
    @Option(name: [.customShort("o"), .customLong("output")], help: "The file (or, for markdown, the folder) to write.")
    var output: String?

    func validate() throws {
        if unread && archived { throw ValidationError("Use --unread or --archived, not both.") }
        guard let known = ExportFormat(rawValue: format) else {
            throw ValidationError("--format must be one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if known == .markdown && output == nil { throw ValidationError("--format markdown needs -o FOLDER.") }
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
        case .json: text = try ArticleExport.json(articles, exportedAt: Date())
        case .csv: text = Data(ArticleExport.pocketCSV(articles).utf8)
        case .netscape: text = Data(ArticleExport.netscape(articles).utf8)
        case .markdown: return try writeMarkdown(articles, to: output ?? ".")
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
        Console.current.err("Exported \(articles.count) article\(articles.count == 1 ? "" : "s") to \(output).\n")
    }

    private func writeMarkdown(_ articles: [SavedArticle], to folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for article in articles {
                let (name, text) = ArticleExport.markdown(article)
                try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name), options: .atomic)
            }
        } catch {
            throw CLIError("Cannot write into \(folder).", exitCode: ExitStatus.failure)
        }
        Console.current.err("Exported \(articles.count) article\(articles.count == 1 ? "" : "s") to \(folder).\n")
    }
}
