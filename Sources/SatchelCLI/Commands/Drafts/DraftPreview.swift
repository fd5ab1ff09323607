import ArgumentParser
import Foundation
import SatchelClient
import SatchelMarkdown
import SatchelShared

/// `satchel draft preview ID`: the draft rendered as the blog will show it, written to an HTML file.
struct DraftPreview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Write a post draft rendered as HTML to a file, its attached images included.",
        discussion: """
            The body is rendered as the server renders posts (CommonMark with tables, strikethrough and autolinks; \
            raw HTML shown as text); images attached with `satchel draft attach` are shown from this machine's files.

            Example:
              satchel draft preview 7c1e --output draft.html
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The draft's id, or the short id a list shows.") var id: String
    @Option(name: .shortAndLong, help: "The HTML file to write (default: draft-<id>.html here).") var output: String?

    struct Preview: Encodable {
        var draftId: UUID
        var path: String
        var images: Int
    }

    func run() async throws {
        let session = try Session.open(options)
        let draftId = try session.draftId(id)
        guard let draft = try session.store.draft(draftId)?.value, draft.kind == .post else {
            throw CLIError("No post draft \(id).", exitCode: ExitStatus.notFound)
        }
        var local: [String: String] = [:]
        for attachment in draft.attachments where draft.body.contains("attachment:\(attachment.digest.text)") {
            guard let path = try? await session.store.file(attachment) else { continue }
            local["attachment:\(attachment.digest.text)"] = URL(fileURLWithPath: path).absoluteString
        }
        let rendered = PostMarkdown.render(draft.body, options: .init(localImages: local))
        let title = HTMLText.escape(draft.title.isEmpty ? "Untitled draft" : draft.title)
        let page = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) (preview)</title>
            <style>
            body { font: 18px/1.6 Georgia, serif; max-width: 65ch; margin: 2rem auto; padding: 0 1.25rem; color: #1d1d1f; }
            img { max-width: 100%; height: auto; } figure { margin: 1.5rem 0; } figcaption { color: #666; font-size: .9rem; }
            table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3rem .6rem; }
            pre { overflow-x: auto; background: #f5f3ef; padding: .75rem; }
            </style>
            </head>
            <body>
            <article>
            <h1>\(title)</h1>
            \(rendered.featured?.html ?? "")
            \(rendered.html)
            </article>
            </body>
            </html>

            """
        let path = output ?? "draft-\(IDResolver.short(draftId)).html"
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: (path as NSString).expandingTildeInPath), options: .atomic)
        } catch {
            throw CLIError("Cannot write '\(path)': \(error.localizedDescription)", exitCode: ExitStatus.failure)
        }
        try session.emit(Preview(draftId: draftId, path: path, images: local.count)) {
            "Wrote the preview of draft \(IDResolver.short(draftId)) to \(path)."
        }
    }
}
