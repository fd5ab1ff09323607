import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel post ID`: one post with its comments, threaded.
struct PostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Show a post of the server with its comments, threaded.",
        discussion: """
            POST may be the post's id, its short id, or its slug.

            Example:
              satchel post why-offline-first
              satchel post 5d0c --json
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The post's id, short id or slug.") var post: String

    struct PostWithComments: Encodable {
        var post: Post
        var url: String
        var comments: [SatchelShared.Comment]
    }

    func run() async throws {
        let session = try Session.open(options)
        let api = try session.serverAPI()
        let found = try await api.post(idOrSlug: try await session.postId(post).uuidString)
        let comments = try await session.allComments(of: found.id, api)
        let url = PostLink.url(ofPost: found.id, server: session.profile?.server ?? "")
        let queued = try session.store.queuedComments()
        try session.emit(PostWithComments(post: found, url: url, comments: comments)) {
            PostFormat.detail(found, url: url, comments: comments, queued: queued)
        }
    }
}
