import ArgumentParser
import Foundation
import SatchelClient
import SatchelProcess
import SatchelShared

/// `satchel open ID`: opens a saved file with the system's opener (fetched first when this machine lacks it).
struct Open: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open a saved file with the system's opener (xdg-open, or open on macOS).",
        discussion: """
            The file is written to the data directory's `open` folder first, so the program that opens it \
            never changes the synced copy. $SATCHEL_OPENER names another opener.

            Example:
              satchel open 1a2b3c4d
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The saved article's id, or the short id a list shows.") var id: String
    @Option(help: "Which attachment, by name, when the article has several.") var name: String?

    func run() async throws {
        let session = try Session.open(options)
        let attachment = try session.attachment(of: try session.articleId(id), named: name)
        let folder = session.directory.path + "/open"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let destination = folder + "/" + attachment.name
        try await session.fetching(attachment) { progress in
            try await session.store.exportFile(attachment, to: destination, progress: progress)
        }
        let environment = ProcessInfo.processInfo.environment
        #if os(macOS)
        let opener = environment["SATCHEL_OPENER"] ?? "open"
        #else
        let opener = environment["SATCHEL_OPENER"] ?? "xdg-open"
        #endif
        let child = try Spawned("/usr/bin/env", [opener, destination], errors: .pipe)
        let outcome = await child.finish()
        guard outcome.termination.status == 0 else {
            let detail = String(decoding: outcome.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CLIError(
                "\(opener) could not open \(destination)\(detail.isEmpty ? "" : ": \(detail)"). The file is there to open by hand.",
                exitCode: ExitStatus.unavailable)
        }
        try session.emit(["path": destination]) { "Opened \(destination)." }
    }
}
