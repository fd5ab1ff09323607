import Foundation
import SatchelCapture
import SatchelClient
import SatchelPageCapture
import SatchelProcess
import SatchelShared

extension Read {
    /// What `--json` prints for a captured article.
    struct CapturedReading: Encodable {
        var id: UUID
        var title: String
        var url: String
        var finalUrl: String
        var byline: String?
        var readingTimeMinutes: Int
        var text: String
        var html: String
    }

    /// Shows the readable copy (or points to the file a PDF or an image capture kept).
    func readCapture(_ article: SavedArticle, session: Session) async throws {
        let copy: CapturedArticle?
        do {
            copy = try await session.store.readableCopy(of: article)
        } catch let error as CapturedArticleError {
            throw CLIError("Cannot read \"\(article.title)\": \(error)", exitCode: ExitStatus.failure)
        } catch let error as TransportError {
            throw CLIError(
                "The readable copy of \"\(article.title)\" is not on this machine yet and could not be fetched "
                    + "(\(error.description)); it is fetched at the next successful `satchel sync`.",
                exitCode: ExitStatus.unavailable)
        } catch let error as LocalStoreError {
            throw CLIError("The readable copy of \"\(article.title)\" is not on this machine: \(error.description)", exitCode: ExitStatus.unavailable)
        }
        guard let copy else {
            let short = IDResolver.short(article.id)
            try session.emit(["id": article.id.uuidString.lowercased(), "file": "true"]) {
                "\(article.title) is a saved file, not a page: open it with `satchel open \(short)`."
            }
            return
        }
        let base = URL(string: copy.finalURL)
        // Written by whichever machine captured it: sanitized again before anything shows it.
        let body = HTMLSanitizer.sanitize(copy.html, baseURL: base)
        if html {
            Console.current.out(body.hasSuffix("\n") ? body : body + "\n")
            return
        }
        if open { return try await openInBrowser(article, copy: copy, session: session) }
        let rendered = ReadingRenderer.terminalText(
            html: body, width: Self.width(), title: copy.title, byline: Self.details(copy, article: article))
        let text = Self.withHighlights(
            rendered, plainText: ReadableText.plain(fromHTML: copy.html),
            placed: (try? await session.store.placedHighlights(of: article)) ?? [])
        if options.json {
            try session.emit(CapturedReading(
                id: article.id, title: copy.title, url: article.url, finalUrl: copy.finalURL, byline: copy.byline,
                readingTimeMinutes: copy.readingTime, text: text, html: body)) { "" }
            return
        }
        try await Self.page(text)
    }

    /// Writes a page with the images from this machine's cache to the data directory's `open` folder and
    /// opens it.
    private func openInBrowser(_ article: SavedArticle, copy: CapturedArticle, session: Session) async throws {
        let images = await session.store.imageFiles(of: copy, in: article)
        let body = HTMLSanitizer.rewritingImageSources(html: copy.html, baseURL: URL(string: copy.finalURL)) { url in
            images[url].map { URL(fileURLWithPath: $0).absoluteString }
        }
        let page = OfflinePage.standaloneDocument(
            title: copy.title, byline: copy.byline, siteName: copy.siteName, sourceURL: copy.finalURL, bodyHTML: body,
            lang: copy.lang, dir: copy.dir)
        let folder = session.directory.path + "/open"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let destination = "\(folder)/\(article.id.uuidString.lowercased()).html"
        try Data(page.utf8).write(to: URL(fileURLWithPath: destination), options: .atomic)
        let environment = ProcessInfo.processInfo.environment
        let opener = environment["SATCHEL_OPENER"] ?? "xdg-open"
        let child = try Spawned("/usr/bin/env", [opener, destination], errors: .pipe)
        let outcome = await child.finish()
        guard outcome.termination.status == 0 else {
            throw CLIError(
                "\(opener) could not open \(destination). The page is there to open by hand.", exitCode: ExitStatus.unavailable)
        }
        try session.emit(["path": destination]) { "Opened \(destination) (\(images.count) of \(copy.images.count) images from this machine)." }
    }

    /// `By Ada Lovelace · Example News · 5 min read`.
    private static func details(_ copy: CapturedArticle, article: SavedArticle) -> String {
        var parts: [String] = []
        if let byline = copy.byline, !byline.isEmpty { parts.append(byline) }
        if let site = copy.siteName, !site.isEmpty { parts.append(site) }
        parts.append("\(max(copy.readingTime, 1)) min read")
        if article.readingProgress > 0 { parts.append("\(ArticleFormat.percent(article.readingProgress)) read") }
        return parts.joined(separator: " · ")
    }

    /// The terminal's width ($COLUMNS, else the window's), 80 when unknown; at most 100 for comfortable lines.
    private static func width() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 {
            return min(columns, 100)
        }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return min(Int(size.ws_col), 100) }
        return 80
    }

    /// Prints `text`, through $PAGER (default `less -FRX`) when standard output is a terminal.
    private static func page(_ text: String) async throws {
        let console = Console.current
        guard console.outputIsTerminal, isatty(STDOUT_FILENO) != 0 else {
            console.out(text)
            return
        }
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -FRX"
        // A reader who quits the pager early closes the pipe: writing on must be an error, not a SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        guard let child = try? Spawned("/bin/sh", ["-c", pager], input: .pipe, output: .inherit, errors: .inherit) else {
            console.out(text)
            return
        }
        _ = await child.finish(writing: text)
    }

    /// The rendered article with its highlights marked `⟦…⟧` in place, notes as numbered footnotes, and
    /// the highlights that could not be shown in place (orphans) listed after the text with their quotes.
    static func withHighlights(_ rendered: String, plainText: String, placed: [PlacedHighlight]) -> String {
        guard !placed.isEmpty else { return rendered }
        var marks: [HighlightMarks.Mark] = []
        var markOwners: [Int] = []
        var footnotes: [String] = []
        for (index, item) in placed.enumerated() {
            guard case .placed(let start, let end, _) = item.placement else { continue }
            var label: String?
            if !item.highlight.note.isEmpty {
                label = String(footnotes.count + 1)
                footnotes.append("[\(label!)] \(item.highlight.note.replacingOccurrences(of: "\n", with: "\n    "))")
            }
            marks.append(HighlightMarks.Mark(start: start, end: end, label: label))
            markOwners.append(index)
        }
        let (text, shown) = HighlightMarks.apply(marks, plainText: plainText, rendered: rendered)
        let shownOwners = Set(shown.map { markOwners[$0] })
        var sections: [String] = []
        if !footnotes.isEmpty { sections.append("Notes\n─────\n" + footnotes.joined(separator: "\n")) }
        let elsewhere = placed.enumerated().filter { !shownOwners.contains($0.offset) }.map { item -> String in
            let note = item.element.highlight.note.isEmpty ? "" : " — \(item.element.highlight.note)"
            return "\"\(Highlights.snippet(item.element.highlight.exact))\"\(note)"
        }
        if !elsewhere.isEmpty {
            sections.append("Highlights not found in this copy\n────────────────────────────────\n" + elsewhere.joined(separator: "\n"))
        }
        guard !sections.isEmpty else { return text }
        return text + "\n" + sections.joined(separator: "\n\n") + "\n"
    }
}
