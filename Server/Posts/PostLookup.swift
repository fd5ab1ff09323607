import Foundation
import SatchelHTTP
import SatchelShared
import SatchelStores

/// Finding a post as its reader may see it: the lookups the post, comment and web routes share, so
/// "who may see a draft" and "a UUID or a slug" are decided in one place.
struct PostLookup: Sendable {
    let posts: any PostStore

    /// The post named by `key` — a UUID or a slug (any case), as on every `/v1/posts/{id}` route — if
    /// `user` may see it: published, or a draft `user` may edit. Otherwise 404, so drafts reveal nothing.
    func visiblePost(_ key: String, for user: User?) async throws -> Post {
        let found: Post? =
            if let id = UUID(uuidString: key) {
                try await posts.post(id: id)
            } else {
                try await posts.post(slug: key.lowercased())
            }
        guard let post = found, post.status == .published || PostEditor.mayEdit(post, user) else {
            throw APIError.notFound("Post '\(key)'")
        }
        return post
    }

    /// The published post with this slug, as the blog's pages show it (drafts never), or a 404.
    func publishedPost(slug: String) async throws -> Post {
        guard let post = try await posts.post(slug: slug.lowercased()), post.status == .published else {
            throw APIError.notFound("The post '\(slug)'")
        }
        return post
    }
}

extension ServerDependencies {
    /// The shared post lookups over this server's post store.
    var postLookup: PostLookup { PostLookup(posts: posts) }
}
