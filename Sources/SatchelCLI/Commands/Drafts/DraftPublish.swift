import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel draft publish ID`: a post draft becomes a post; a comment draft becomes a queued comment.
struct DraftPublish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a draft: a post draft becomes a post (authors), a comment draft a queued comment.",
        discussion: """
            Publishing a post needs the server; a repeat after a lost answer creates the post once. A \
            comment draft is queued like `satchel comment` and delivered at the next sync, even offline.

            Example:
              satchel draft publish 7c1e
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The draft's id, or the short id a list shows.") var id: String

    struct Published: Encodable {
        var draftId: UUID
        var post: Post?
        var commentId: UUID?
        var sync: SyncOutcome?
    }

    func run() async throws {
        let session = try Session.open(options)
        let draftId = try session.draftId(id)
        guard let draft = try session.store.draft(draftId)?.value else {
            throw CLIError("No draft \(id).", exitCode: ExitStatus.notFound)
        }
        switch draft.kind {
        case .post:
            guard !draft.title.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIError("A post needs a title: `satchel draft edit \(id) --title TITLE`.", exitCode: ExitStatus.usage)
            }
            let api = try session.signedInAPI()
            // The draft's id as idempotency key: publishing again after a lost answer creates the post once.
            let request = CreatePostRequest(title: draft.title, body: draft.body, tags: draft.tags)
            let post = try await api.createPost(request, idempotencyKey: draftId.uuidString)
            try session.store.deleteDraft(draftId)
            let outcome = await session.syncAfterChange()
            let url = PostLink.url(ofPost: post.id, server: session.profile?.server ?? "")
            try session.emit(Published(draftId: draftId, post: post, commentId: nil, sync: outcome)) {
                "Published \"\(post.title)\" as post \(IDResolver.short(post.id)) "
                    + "(\(post.readingTimeMinutes) min read): \(url)"
            }
        case .comment:
            guard let postId = draft.postId else {
                throw CLIError("This comment draft names no post.", exitCode: ExitStatus.usage)
            }
            let comment = try session.store.queueComment(postId: postId, body: draft.body)
            try session.store.deleteDraft(draftId)
            let outcome = await session.syncAfterChange()
            try session.emit(Published(draftId: draftId, post: nil, commentId: comment.id, sync: outcome)) {
                "Queued comment \(IDResolver.short(comment.id)) on post \(IDResolver.short(postId)).\n\(outcome.message)"
            }
        }
    }
}
