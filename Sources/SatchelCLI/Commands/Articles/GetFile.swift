import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

/// `satchel get-file ID [PATH]`: writes a saved article's file out, fetching it first if this machine lacks it.
struct GetFile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-file",
        abstract: "Write a saved file out (fetched from the server when this machine does not have it).",
        discussion: """
            PATH may be a folder (the file keeps its name there) or a file name; by default the file is written \
            under its own name in the current folder. The bytes are checked against their digest first.

            Example:
              satchel get-file 1a2b3c4d
              satchel get-file 1a2b3c4d ~/Downloads/
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The saved article's id, or the short id a list shows.") var id: String
    @Argument(help: "Where to write it: a folder or a file name (default: the current folder).") var path: String?
    @Option(help: "Which attachment, by name, when the article has several.") var name: String?

    func run() async throws {
        let session = try Session.open(options)
        let attachment = try session.attachment(of: try session.articleId(id), named: name)
        let destination = Self.destination(path, name: attachment.name)
        try await session.fetching(attachment) { progress in
            try await session.store.exportFile(attachment, to: destination, progress: progress)
        }
        struct Written: Encodable { var path: String; var digest: String; var size: Int64; var mediaType: String }
        try session.emit(Written(path: destination, digest: attachment.digest.text, size: attachment.size, mediaType: attachment.mediaType)) {
            "Wrote \(destination) (\(FileSize.text(attachment.size)))."
        }
    }

    /// `path` as a file name: a folder (or nothing) gets the attachment's own name.
    static func destination(_ path: String?, name: String) -> String {
        guard let path, !path.isEmpty else { return FileManager.default.currentDirectoryPath + "/" + name }
        var isDirectory: ObjCBool = false
        if path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            return (path.hasSuffix("/") ? path : path + "/") + name
        }
        return path
    }
}
