import ArgumentParser
import Foundation
import SatchelClient
import SatchelImport

/// `satchel import FILE`: brings a reading list from Pocket, Instapaper, a browser's bookmarks or a list
/// of addresses.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a reading list: Pocket, Instapaper, Omnivore, wallabag, bookmarks HTML, or addresses.",
        discussion: """
            The format is found from the file (or give --format): Pocket's CSV or HTML, Instapaper's CSV, \
            Omnivore's ZIP, wallabag's JSON, a browser's bookmarks HTML, Satchel's JSON or its ZIP with files, \
            or one address per line. Saved times, labels (folders of a bookmarks file too), archived, starred, reading progress \
            and notes (wallabag's annotations, Omnivore's highlights) are kept; the readable copies Omnivore \
            and wallabag kept become the captures, without fetching the pages again; a Satchel ZIP brings its files \
            back into this machine's file cache (each checked against its digest), so its articles read offline at once. A page already on the list is not added again \
            (addresses are compared normalized), so importing a file twice, or again after an interruption, \
            adds nothing twice. javascript: and data: addresses and unreadable rows are refused and listed. \
            Imported pages wait for capture: `satchel capture --failed` captures them, a few at a time and \
            at most one request a second to each site, and `satchel sync --watch` does it in the background \
            (or --no-capture).

            Example:
              satchel import pocket-export.csv --dry-run
              satchel import bookmarks.html
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The export file.") var path: String
    @Option(help: ArgumentHelp(
        "The file's format: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: found from the file).",
        valueName: "format"))
    var format: String?
    @Flag(help: "Print what would be added, merged or skipped, and change nothing.") var dryRun = false
    @Flag(inversion: .prefixedNo, help: "Mark imported pages for capture.") var capture = true

    struct Summary: Encodable {
        var format: String
        var dryRun: Bool
        var added: Int
        var alreadyThere: Int
        var merged: Int
        var refused: [[String: String]]
        var filesRestored: Int
        var filesRefused: [[String: String]]
        var queuedForCapture: Int
        var highlights: Int
    }

    func run() async throws {
        var given: ImportFormat?
        if let format {
            guard let known = ImportFormat(rawValue: format) else {
                throw CLIError(
                    "--format must be one of \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
                    exitCode: ExitStatus.usage)
            }
            given = known
        }
        let document: ImportDocument
        do {
            document = try ImportReader.read(path: path, format: given)
        } catch let error as ImportError {
            throw CLIError("Nothing imported from \(path): \(error)", exitCode: ExitStatus.usage)
        } catch {
            throw CLIError("Cannot read \(path).", exitCode: ExitStatus.notFound)
        }
        let session = try Session.open(options)
        let console = Console.current
        let showBar = console.outputIsTerminal && !options.json
        let bar = ProgressBar()
        let summary = try session.store.importArticles(document, dryRun: dryRun, capture: capture) { done, total in
            if showBar { console.out(bar.render(phase: "import", done: done, total: total)) }
        }
        if showBar { console.out("\r\u{1B}[K") }
        let report = Summary(
            format: document.format.rawValue, dryRun: dryRun, added: summary.added, alreadyThere: summary.alreadyThere,
            merged: summary.merged,
            refused: summary.refused.map { ["place": $0.place, "url": $0.url, "reason": $0.reason] },
            filesRestored: summary.filesRestored,
            filesRefused: summary.filesRefused.map { ["place": $0.place, "url": $0.url, "reason": $0.reason] },
            queuedForCapture: summary.queuedForCapture, highlights: summary.highlights)
        var lines = [
            (dryRun ? "Would import" : "Imported") + " from \(document.format.rawValue): \(summary.added) added, "
                + "\(summary.alreadyThere) already there, \(summary.merged) merged, \(summary.refused.count) refused."
        ]
        if summary.highlights > 0 { lines.append("Highlights: \(summary.highlights) added.") }
        for refusal in summary.refused.prefix(50) {
            lines.append("  \(refusal.place): \(refusal.url.isEmpty ? "(no address)" : refusal.url) — \(refusal.reason)")
        }
        if summary.refused.count > 50 { lines.append("  … and \(summary.refused.count - 50) more (see --json).") }
        if summary.filesRestored > 0 || !summary.filesRefused.isEmpty {
            lines.append(
                "Files: \(summary.filesRestored) restored into this machine's file cache, \(summary.filesRefused.count) refused.")
        }
        for refusal in summary.filesRefused.prefix(50) {
            lines.append("  \(refusal.place) (\(refusal.url)): \(refusal.reason)")
        }
        if summary.filesRefused.count > 50 { lines.append("  … and \(summary.filesRefused.count - 50) more (see --json).") }
        if !dryRun && capture && summary.queuedForCapture > 0 {
            let count = summary.queuedForCapture
            lines.append(
                "\(count) page\(count == 1 ? "" : "s") wait\(count == 1 ? "s" : "") for capture: `satchel sync --watch` captures them "
                    + "in the background, or run `satchel capture --failed`.")
        }
        if !dryRun && (summary.added > 0 || summary.merged > 0) && !options.offline {
            let outcome = await session.syncAfterChange()
            lines.append(outcome.message)
        }
        try session.emit(report) { lines.joined(separator: "\n") }
    }
}
