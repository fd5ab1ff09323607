import Foundation
import SatchelClient
import SatchelShared

extension Session {
    /// The attachment of a saved article: its only one, or the one called `name`.
    func attachment(of articleId: UUID, named name: String?) throws -> Attachment {
        guard let article = try store.article(articleId)?.value else {
            throw CLIError("No saved article \(IDResolver.short(articleId)).", exitCode: ExitStatus.notFound)
        }
        let files = article.attachments
        if let name {
            guard let match = files.first(where: { $0.name == name }) else {
                throw CLIError(
                    "\"\(article.title)\" has no file named \(name) (it has: \(files.map(\.name).joined(separator: ", "))).",
                    exitCode: ExitStatus.notFound)
            }
            return match
        }
        switch files.count {
        case 0: throw CLIError("\"\(article.title)\" has no file.", exitCode: ExitStatus.notFound)
        case 1: return files[0]
        default:
            throw CLIError(
                "\"\(article.title)\" has \(files.count) files; pick one with --name (\(files.map(\.name).joined(separator: ", "))).",
                exitCode: ExitStatus.usage)
        }
    }

    /// Runs a transfer of `attachment` with a progress bar on a terminal for files over a megabyte; a
    /// file that cannot be fetched is a clear error.
    func fetching(_ attachment: Attachment, _ body: (@escaping @Sendable (Int64) -> Void) async throws -> Void) async throws {
        let console = Console.current
        let showBar = console.outputIsTerminal && !options.json && attachment.size > 1_000_000
        let bar = ProgressBar()
        let total = Int(max(attachment.size / 1_000, 1))
        do {
            try await body { done in
                if showBar { console.out(bar.render(phase: "file", done: Int(done / 1_000), total: total)) }
            }
        } catch let error as TransportError {
            if showBar { console.out("\r\u{1B}[K") }
            throw CLIError(
                "\(attachment.name) is not on this machine and could not be fetched: \(error.description)",
                exitCode: error.isRetryable ? ExitStatus.unavailable : ExitStatus.failure)
        }
        if showBar { console.out("\r\u{1B}[K") }
    }
}
