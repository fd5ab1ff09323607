import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel draft new`: starts a draft of a post, or of a comment on a post.
struct DraftNew: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a draft (of a post, or of a comment with --comment-on).",
        discussion: """
            The body comes from --body, else from standard input when piped, else it starts empty.

            Example:
              satchel draft new --title "On sync" --body "First paragraph."
              fortune | satchel draft new --comment-on 5d0c --quiet
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Working title.") var title: String = ""
    @Option(help: "The text (default: standard input when piped).") var body: String?
    @Option(name: .customLong("tag"), help: "A label; repeat for several.") var tags: [String] = []
    @Option(name: .customLong("comment-on"), help: "Make it a comment draft on this post (id, short id or slug).")
    var commentOn: String?
    @Flag(name: .shortAndLong, help: "Print only the new draft's id.") var quiet = false

    func run() async throws {
        let session = try Session.open(options)
        let postId = try await commentOn.asyncMap { try await session.postId($0) }
        let text = body ?? TextInput.piped() ?? ""
        let draft = try session.store.createDraft(
            kind: postId == nil ? .post : .comment, postId: postId, title: title, body: text, tags: tags)
        if quiet {
            _ = await session.syncAfterChange()
            Console.current.line(draft.id.uuidString.lowercased())
            return
        }
        try await session.reportDraftChange(draft.id, "Created \(draft.kind.rawValue) draft \(IDResolver.short(draft.id)).")
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
