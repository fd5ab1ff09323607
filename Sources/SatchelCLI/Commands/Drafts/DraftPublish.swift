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
            Publishing a post needs the server; a repeat after a lost answer creates the post once. Images \
            attached with `satchel draft attach` are uploaded first as media items, and the body names those \
            (the draft keeps them, so a repeat does not upload them again). A comment draft is queued like \
            `satchel comment` and delivered at the next sync, even offline.

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
            let body = try await uploadImages(of: draft, session: session, api: api)
            // The draft's id as idempotency key: publishing again after a lost answer creates the post once.
            let request = CreatePostRequest(title: draft.title, body: body, tags: draft.tags)
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

    /// Uploads each attached image the body names (`attachment:sha256:…`) as a media item and returns the
    /// body naming the items (`media:ID`) instead; the draft is saved with that body at each step, so a
    /// publish cut short does not upload the same image twice.
    private func uploadImages(of draft: Draft, session: Session, api: SatchelAPI) async throws -> String {
        var body = draft.body
        for attachment in draft.attachments where body.contains("attachment:\(attachment.digest.text)") {
            let path = try await session.store.file(attachment)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let media = try await api.uploadMedia(bytes, name: attachment.name, mediaType: attachment.mediaType)
            body = body.replacingOccurrences(
                of: "attachment:\(attachment.digest.text)", with: "media:\(media.id.uuidString.lowercased())")
            try session.store.updateDraft(draft.id, body: body)
        }
        return body
    }
}
