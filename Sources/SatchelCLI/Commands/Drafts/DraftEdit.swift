import ArgumentParser
import SatchelClient
import Foundation

/// `satchel draft edit ID`: changes a draft in `$EDITOR`, or from `--body` or standard input.
struct DraftEdit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a draft: in $EDITOR, or from --body or standard input.",
        discussion: """
            Only what changed is synced, so edits to different paragraphs on two machines merge.

            Example:
              satchel draft edit 7c1e
              satchel draft edit 7c1e --title "Better title"
              cat essay.md | satchel draft edit 7c1e
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The draft's id, or the short id a list shows.") var id: String
    @Option(help: "New title.") var title: String?
    @Option(help: "New text (default: standard input when piped, else $EDITOR).") var body: String?
    @Option(name: .customLong("tag"), help: "Replace the tags; repeat for several.") var tags: [String] = []

    func run() async throws {
        let session = try Session.open(options)
        let draftId = try session.draftId(id)
        guard let draft = try session.store.draft(draftId)?.value else {
            throw CLIError("No draft \(id).", exitCode: ExitStatus.notFound)
        }
        var text = body ?? TextInput.piped()
        if text == nil && title == nil && tags.isEmpty { text = try TextInput.edit(draft.body) }
        let updated = try session.store.updateDraft(draftId, title: title, body: text, tags: tags.isEmpty ? nil : tags)
        let changed = updated.updatedAt != draft.updatedAt
        let short = IDResolver.short(draftId)
        try await session.reportDraftChange(draftId, changed ? "Updated draft \(short)." : "Draft \(short) is unchanged.")
    }
}
