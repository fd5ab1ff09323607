import SatchelClient
import Foundation
import SatchelShared

extension Session {
    /// The post a full id, a slug, or a short id (unique start or end) names. Short ids match posts this machine knows
    /// (linked articles, comment drafts, queued comments) first, then the server's newest posts.
    func postId(_ text: String) async throws -> UUID {
        if let id = UUID(uuidString: text) { return id }
        let known = Set(
            try store.articles().compactMap(\.value.postId) + store.drafts().compactMap(\.value.postId)
                + store.queuedComments().map(\.postId))
        if let id = try? IDResolver.resolve(text, among: Array(known), kind: "post") { return id }
        let api = try serverAPI()
        do {
            return try await api.post(idOrSlug: text).id
        } catch TransportError.http(404, _, _) {
            guard text.lowercased().allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw CLIError("No post has the id or slug '\(text)'.", exitCode: ExitStatus.notFound)
            }
        } catch TransportError.network(let detail) {
            throw CLIError(
                "The post '\(text)' is not known on this machine and the server is not reachable (\(detail)); "
                    + "use the full post id.",
                exitCode: ExitStatus.unavailable)
        }
        return try IDResolver.resolve(text, among: try await recentPosts(api).map(\.id), kind: "post")
    }

    /// The server's newest published posts, a few pages deep: enough to match a prefix or an author name.
    func recentPosts(_ api: SatchelAPI, pages: Int = 5) async throws -> [Post] {
        var posts: [Post] = []
        var cursor: String?
        for _ in 0..<pages {
            let page = try await api.posts(limit: 100, cursor: cursor)
            posts += page.items
            guard let next = page.nextCursor else { break }
            cursor = next
        }
        return posts
    }

    /// Every approved comment of a post, oldest first.
    func allComments(of postId: UUID, _ api: SatchelAPI) async throws -> [SatchelShared.Comment] {
        var comments: [SatchelShared.Comment] = []
        var cursor: String?
        repeat {
            let page = try await api.comments(postId: postId, limit: 100, cursor: cursor)
            comments += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return comments
    }
}
