import Foundation
import SatchelShared

// The values the templates render. Mustache reads stored properties by reflection and, when a key is
// missing or nil, looks it up in the enclosing contexts; so nested models (comments in comments) use
// plain strings and `has…` flags rather than optionals, and nothing leaks from a parent into a reply.

/// What every page's `<head>` and header need.
struct PageHead {
    /// An Atom feed offered for autodiscovery.
    struct FeedLink {
        /// Human title of the feed.
        let title: String
        /// Its path.
        let href: String
    }

    /// OpenGraph properties of a post page.
    struct OpenGraph {
        let title: String
        let description: String
        let url: String
        let image: String?
    }

    let title: String
    let description: String
    let stylesheet: String
    let siteName: String
    let feeds: [FeedLink]
    let openGraph: OpenGraph?
    let searchQuery: String
}

/// A post as a list shows it, and the header of its own page.
struct PostSummaryView {
    let slug: String
    let title: String
    let authorName: String
    let authorUsername: String
    let dateISO: String
    let dateText: String
    let readingTime: String
    let commentCountText: String
    let excerpt: String
    let tags: [String]
    let hasTags: Bool

    init(_ post: Post) {
        let date = post.publishedAt ?? post.createdAt
        slug = post.slug
        title = post.title
        authorName = post.author.displayName
        authorUsername = post.author.username
        dateISO = WebFormatting.isoText(date)
        dateText = WebFormatting.dateText(date)
        readingTime = WebFormatting.readingTime(post.readingTimeMinutes)
        commentCountText = WebFormatting.commentCount(post.commentCount)
        excerpt = post.excerpt
        tags = post.tags
        hasTags = !post.tags.isEmpty
    }
}

/// The front page, an author's page, a tag's page and search results.
struct ListPageModel {
    let head: PageHead
    let heading: String
    let intro: String?
    let feed: PageHead.FeedLink?
    let posts: [PostSummaryView]
    let emptyText: String
    let newerHref: String?
    let olderHref: String?
}

/// One approved comment and its replies.
struct CommentView {
    let id: String
    let authorName: String
    let authorUrl: String
    let hasAuthorUrl: Bool
    let dateISO: String
    let dateText: String
    let body: String
    let replyHref: String
    let canReply: Bool
    let replies: [CommentView]
    let hasReplies: Bool
}

/// A post's page.
struct PostPageModel {
    let head: PageHead
    let slug: String
    let post: PostSummaryView
    /// The featured figure's HTML (rendered by ``PostImages``, which escapes every text it puts in).
    let featuredHTML: String?
    /// The body's HTML (CommonMark through cmark-gfm; raw HTML shown as text).
    let bodyHTML: String
    let notice: String?
    let comments: [CommentView]
    let hasComments: Bool
    let commentsOpen: Bool
    let form: CommentFormView
}

/// An error page.
struct ErrorPageModel {
    let head: PageHead
    let heading: String
    let detail: String
}
