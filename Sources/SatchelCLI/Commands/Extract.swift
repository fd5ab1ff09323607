import ArgumentParser
import Foundation
import SatchelCapture

/// `satchel extract PATH [--url BASE] [--json]`: the readable article of a saved web page.
struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the readable article from a saved web page.",
        discussion: """
            Reads an HTML file, finds the article in it and prints its title, byline, site, date and text; with \
            --json, one object with title, byline, siteName, lang, dir, publishedTime, excerpt, text, html \
            (sanitized), readerable, images and wordCount. Needs no server and no login. --url gives the page's \
            address, against which relative links and images are resolved. Fetching a URL directly comes with \
            the page fetcher; until then, save the page and pass its path.

            Example:
              satchel extract page.html --url https://example.com/2024/story --json
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The saved page (an HTML file).") var path: String
    @Option(name: .customLong("url"), help: ArgumentHelp("The page's address, for resolving relative links.", valueName: "base"))
    var baseURL: String?

    func run() async throws {
        if let scheme = URL(string: path)?.scheme?.lowercased(), scheme == "http" || scheme == "https" {
            throw CLIError(
                "satchel extract reads a saved page; fetching \(path) comes with the page fetcher. Save the page and pass its path, with --url \(path).",
                exitCode: ExitStatus.usage)
        }
        var base: URL?
        if let baseURL {
            guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw CLIError("--url must be an http or https address, not \(baseURL).", exitCode: ExitStatus.usage)
            }
            base = url
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("Cannot read \(path).", exitCode: ExitStatus.notFound)
        }
        let article = ArticleExtractor.extract(data: data, url: base)
        let console = Console.current
        if options.json {
            console.out(String(decoding: article.jsonData(prettyPrinted: true), as: UTF8.self) + "\n")
            return
        }
        var lines = [article.title.isEmpty ? "(no title)" : article.title]
        let details = [article.byline, article.siteName, article.publishedTime].compactMap { $0 }
        if !details.isEmpty { lines.append(details.joined(separator: " · ")) }
        lines.append("\(article.wordCount) words, \(article.readingTime) min\(article.readerable ? "" : " (this page may not be an article)")")
        lines.append("")
        lines.append(article.text)
        console.out(lines.joined(separator: "\n") + "\n")
    }
}
