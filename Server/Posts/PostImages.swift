import Foundation
import SatchelHTTP
import SatchelMarkdown
import SatchelShared
import SatchelStores

/// The images of posts: which media items a body may embed, and its HTML with them.
///
/// The rule: a post embeds only its own author's media items (`![alt](media:ID)` naming another author's
/// item is refused on publishing, and never shown). Publishing is refused, naming each image, while an
/// embedded item does not exist, is another author's, or has no alternative text (neither the item's nor the
/// body's `![alt]`). Drafts may hold such images.
struct PostImages {
    let dependencies: ServerDependencies

    /// Refuses (422 naming `featuredMediaId`) a featured image that is not one of the author's media items.
    func checkFeatured(_ id: UUID?, authorId: UUID) async throws {
        guard let id else { return }
        guard let media = try await dependencies.media.media(id: id), media.ownerId == authorId else {
            throw APIError.validation([FieldError(
                field: "featuredMediaId", message: "must name one of the author's own media items (POST /v1/media).")])
        }
    }

    /// Refuses (422 `/problems/post-images`) a post about to be published whose images break the rule.
    func checkPublishable(body: String, featuredMediaId: UUID? = nil, authorId: UUID) async throws {
        var references = PostMarkdown.mediaReferences(in: body)
        if let featuredMediaId, !references.contains(where: { $0.id == featuredMediaId }) {
            references.insert(MediaReference(id: featuredMediaId, alt: ""), at: 0)
        }
        guard !references.isEmpty else { return }
        let found = try await items(references.map(\.id))
        var errors: [FieldError] = []
        var withoutAlt: [String] = []
        for reference in references {
            let name = "media:\(reference.id.uuidString.lowercased())"
            guard let media = found[reference.id] else {
                errors.append(FieldError(field: "body", message: "\(name) does not exist (deleted, or never uploaded)."))
                continue
            }
            guard media.ownerId == authorId else {
                errors.append(FieldError(
                    field: "body", message: "\(name) is another author's image; a post embeds only its author's own uploads."))
                continue
            }
            if media.alt.isEmpty && reference.alt.isEmpty {
                withoutAlt.append("\(name) (\(media.name))")
                errors.append(FieldError(
                    field: "body", message: "\(name) (\(media.name)) has no alt text: set it with PATCH /v1/media/{id}, or write it in the body as ![alt text](\(name))."))
            }
        }
        guard !errors.isEmpty else { return }
        let detail = withoutAlt.count == errors.count
            ? "A post cannot be published while its images have no alt text: \(withoutAlt.joined(separator: ", "))."
            : "A post cannot be published with these images: " + errors.map(\.message).joined(separator: " ")
        throw APIError(
            .unprocessableContent, type: "/problems/post-images", title: "Images cannot be published", detail: detail,
            errors: errors)
    }

    /// `post`'s body as HTML, with the media items it embeds that are its author's; image addresses
    /// prefixed with `origin` (empty on pages, the site's origin in feeds).
    func render(_ post: Post, origin: String) async throws -> RenderedPost {
        try await render([post], origin: origin)[post.id] ?? PostMarkdown.render(post.body, options: .init(origin: origin))
    }

    /// Each of `posts` rendered, with one read of the media items they embed.
    func render(_ posts: [Post], origin: String) async throws -> [UUID: RenderedPost] {
        let references = posts.map { post in
            (post, PostMarkdown.mediaReferences(in: post.body).map(\.id) + (post.featuredMediaId.map { [$0] } ?? []))
        }
        let found = try await items(Array(Set(references.flatMap(\.1))))
        var rendered: [UUID: RenderedPost] = [:]
        for (post, ids) in references {
            let own = ids.compactMap { found[$0] }.filter { $0.ownerId == post.author.id }
            rendered[post.id] = PostMarkdown.render(
                post.body,
                options: .init(
                    media: Dictionary(own.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }), origin: origin,
                    featuredMediaId: post.featuredMediaId))
        }
        return rendered
    }

    private func items(_ ids: [UUID]) async throws -> [UUID: Media] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await dependencies.media.media(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
