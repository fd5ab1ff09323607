import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel comment POST TEXT`: queues a comment, delivered exactly once at the next sync.
struct CommentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment",
        abstract: "Comment on a post (works offline: queued, then delivered exactly once).",
        discussion: """
            `satchel status` shows the comment pending until it is delivered, then its moderation status.

            Example:
              satchel comment why-offline-first "Great read, thanks!"
              satchel comment 5d0c "Agreed." --reply-to 9e41
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The post's id, short id or slug.") var post: String
    @Argument(help: "The comment (default: standard input).") var text: String?
    @Option(name: .customLong("reply-to"), help: "The comment to reply to (id or short id).") var replyTo: String?
    @Flag(name: .shortAndLong, help: "Print only the comment's id.") var quiet = false

    func run() async throws {
        let session = try Session.open(options)
        let postId = try await session.postId(post)
        guard let body = text ?? TextInput.piped(), !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIError("Give the comment as TEXT or on standard input.", exitCode: ExitStatus.usage)
        }
        let parentId = try await replyTo.asyncMap { try await parent($0, postId: postId, session: session) }
        let comment = try session.store.queueComment(postId: postId, body: body, parentId: parentId)
        let outcome = await session.syncAfterChange()
        let delivered = try session.store.queuedComments().first { $0.id == comment.id }
        if quiet {
            Console.current.line(comment.id.uuidString.lowercased())
            return
        }
        try session.emit(ChangeReport(record: delivered.map(QueuedCommentJSON.init), sync: outcome)) {
            let status = delivered?.moderation.map { " (\($0.rawValue))" } ?? ""
            let verb = delivered?.state == .synced ? "Posted" : "Queued"
            let what = "comment \(IDResolver.short(comment.id)) on post \(IDResolver.short(postId))"
            return "\(verb) \(what)\(status).\n\(outcome.message)"
        }
    }

    /// The comment replied to: a full id, or a short id (start or end) of a comment of this post here or on the server.
    private func parent(_ text: String, postId: UUID, session: Session) async throws -> UUID {
        if let id = UUID(uuidString: text) { return id }
        var candidates = try session.store.queuedComments().filter { $0.postId == postId }.map(\.id)
        if let api = session.api, let comments = try? await session.allComments(of: postId, api) {
            candidates += comments.map(\.id)
        }
        return try IDResolver.resolve(text, among: Array(Set(candidates)), kind: "comment")
    }
}

/// A comment written here, as `--json` shows it.
struct QueuedCommentJSON: Encodable, Sendable {
    var id: UUID
    var postId: UUID
    var parentId: UUID?
    var body: String
    var syncState: String
    var moderation: String?

    init(_ comment: QueuedComment) {
        id = comment.id
        postId = comment.postId
        parentId = comment.parentId
        body = comment.body
        syncState = comment.state.rawValue
        moderation = comment.moderation?.rawValue
    }
}
