import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel random`: a random published post.
struct Random: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a random post of the server (the blog's \"Random Link\").",
        discussion: """
            Example:
              satchel random
            """)

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let session = try Session.open(options)
        let api = try session.serverAPI()
        let post = try await api.randomPost()
        let url = PostLink.url(ofPost: post.id, server: session.profile?.server ?? "")
        let comments = try await session.allComments(of: post.id, api)
        try session.emit(PostCommand.PostWithComments(post: post, url: url, comments: comments)) {
            PostFormat.detail(post, url: url, comments: comments, queued: (try? session.store.queuedComments()) ?? [])
        }
    }
}
