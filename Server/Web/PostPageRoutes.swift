import Foundation
import Hummingbird
import SatchelHTTP
import SatchelMarkdown
import SatchelShared
import SatchelStores

/// `GET /posts/{slug}`: one post with its threaded comments and the reply form.
struct PostPageRoutes {
    let dependencies: ServerDependencies

    /// At most this many approved comments are shown on a page.
    static let maxComments = 1_000

    /// The notice after the form's redirect, by the `comment` query value.
    static let notices = [
        "held": "Your comment is awaiting moderation.",
        "published": "Thank you: your comment is published.",
    ]

    func register(on router: Router<SatchelRequestContext>) {
        let reads = dependencies.publicReads
        router.get("/posts/{slug}") { request, context in
            try await reads.respond(request, context: context, key: PublicReadCache.pageKey(request, origin: WebSite.origin(of: request))) {
                let post = try await dependencies.postLookup.publishedPost(slug: context.parameters.get("slug") ?? "")
                let notice = request.uri.queryParameters["comment"].flatMap { Self.notices[String($0)] }
                let replyTo = request.uri.queryParameters["replyto"].flatMap { UUID(uuidString: String($0)) }
                return .html(try await render(post, request: request, notice: notice, replyTo: replyTo))
            }
        }
    }

    /// The post's page; `input` and `errors` fill the form in after a refused submission.
    func render(
        _ post: Post, request: Request, notice: String? = nil, replyTo: UUID? = nil,
        input: CommentFormInput = .init(), errors: CommentFormErrors? = nil
    ) async throws -> String {
        let site = try WebSite.load()
        let comments = try await approvedComments(of: post)
        let open = post.commentStatus == .open
        let parent = replyTo.flatMap { id in comments.first { $0.id == id } }
        let form = CommentFormView(
            token: CommentFormView.token(for: post), input: input, errors: errors, parentId: parent?.id,
            replyingTo: parent?.authorName)
        let origin = WebSite.origin(of: request)
        let body = try await PostImages(dependencies: dependencies).render(post, origin: "")
        let authorFeed = PageHead.FeedLink(
            title: "\(post.author.displayName) — posts", href: "/authors/\(WebSite.pathSegment(post.author.username))/feed.atom")
        let openGraph = PageHead.OpenGraph(
            title: post.title, description: post.excerpt, url: "\(origin)/posts/\(WebSite.pathSegment(post.slug))",
            image: body.imageURL.map { $0.hasPrefix("/") ? origin + $0 : $0 })
        let model = PostPageModel(
            head: site.head(title: post.title, description: post.excerpt, feeds: [authorFeed], openGraph: openGraph),
            slug: WebSite.pathSegment(post.slug), post: PostSummaryView(post), featuredHTML: body.featured?.html,
            bodyHTML: body.html, notice: notice,
            comments: CommentThread.views(of: comments, slug: WebSite.pathSegment(post.slug), repliesOpen: open),
            hasComments: !comments.isEmpty, commentsOpen: open, form: form)
        return try site.assets.render(model, template: "post")
    }

    /// The post's approved comments, oldest first, up to ``maxComments``.
    private func approvedComments(of post: Post) async throws -> [Comment] {
        var all: [Comment] = []
        var position = CommentListPosition.start
        while all.count < Self.maxComments {
            let page = try await dependencies.comments.comments(
                postId: post.id, status: .approved, limit: 100, position: position)
            all += page.comments
            guard let next = page.next else { break }
            position = next
        }
        return all
    }
}
