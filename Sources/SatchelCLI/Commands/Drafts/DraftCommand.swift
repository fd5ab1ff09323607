import ArgumentParser

/// `satchel draft …`: drafts of posts and comments.
struct DraftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Write drafts of posts and comments; they sync between your machines.",
        discussion: """
            Two machines editing different paragraphs of one draft both keep their edits after sync; \
            overlapping edits keep both texts in a conflict (see `satchel conflicts`).

            Example:
              satchel draft new --title "On sync" --body "First paragraph."
              satchel draft edit 7c1e
              satchel draft attach 7c1e harbour.jpg --alt "The harbour at dawn"
              satchel draft preview 7c1e
              satchel draft publish 7c1e
            """,
        subcommands: [
            DraftNew.self, DraftEdit.self, DraftList.self, DraftShow.self, DraftAttach.self, DraftPreview.self,
            DraftPublish.self, DraftRemove.self,
        ])

    /// Accepted here too, so `satchel --data-dir A draft --help` works.
    @OptionGroup var options: GlobalOptions
}
