import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

/// `satchel draft attach ID FILE`: an image joins a post draft, synced with it.
struct DraftAttach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Add an image to a post draft; it syncs with the draft between your machines.",
        discussion: """
            The file is kept with the draft (offline too) and `![ALT](attachment:sha256:…)` is added at the end \
            of its body; move that line where the image belongs. Publishing the draft uploads the image as a media \
            item first, so the post shows it. A post cannot be published while an image has no alt text.

            Example:
              satchel draft attach 7c1e harbour.jpg --alt "The harbour at dawn"
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The draft's id, or the short id a list shows.") var id: String
    @Argument(help: "The image: JPEG, PNG, WebP, GIF or AVIF.") var file: String
    @Option(help: "The image's alternative text, for readers who cannot see it.") var alt: String = ""
    @Option(help: "A caption shown under the image.") var caption: String?

    struct Attached: Encodable {
        var draftId: UUID
        var attachment: Attachment
        var markdown: String
        var sync: SyncOutcome?
    }

    func run() async throws {
        let session = try Session.open(options)
        let draftId = try session.draftId(id)
        guard let draft = try session.store.draft(draftId)?.value, draft.kind == .post else {
            throw CLIError("No post draft \(id).", exitCode: ExitStatus.notFound)
        }
        let path = (file as NSString).expandingTildeInPath
        guard let head = FileHandle(forReadingAtPath: path).map({ handle in
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 64)) ?? Data()
        }) else {
            throw CLIError("Cannot read '\(file)'.", exitCode: ExitStatus.notFound)
        }
        guard Self.looksLikeImage(Array(head)) else {
            throw CLIError("'\(file)' is not a JPEG, PNG, WebP, GIF or AVIF image.", exitCode: ExitStatus.usage)
        }
        let (_, attachment) = try session.store.attachToDraft(draftId, path: path)
        let escapedAlt = alt.replacingOccurrences(of: "]", with: "\\]")
        let title = caption.map { " \"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" } ?? ""
        let markdown = "![\(escapedAlt)](attachment:\(attachment.digest.text)\(title))"
        let separator = draft.body.isEmpty ? "" : (draft.body.hasSuffix("\n\n") ? "" : draft.body.hasSuffix("\n") ? "\n" : "\n\n")
        try session.store.updateDraft(draftId, body: draft.body + separator + markdown + "\n")
        let outcome = await session.syncAfterChange()
        try session.emit(Attached(draftId: draftId, attachment: attachment, markdown: markdown, sync: outcome)) {
            "Attached \(attachment.name) to draft \(IDResolver.short(draftId)) as \(markdown)\n\(outcome.message)"
        }
    }

    /// Whether the first bytes are those of an image type the server accepts (it checks them again, whole).
    static func looksLikeImage(_ head: [UInt8]) -> Bool {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        return starts([0xFF, 0xD8, 0xFF]) || starts([0x89, 0x50, 0x4E, 0x47]) || starts(Array("GIF8".utf8))
            || (starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8)) || starts(Array("ftypavi".utf8), at: 4)
    }
}
