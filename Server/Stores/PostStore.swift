import Foundation
import SatchelShared

/// Where a page of posts starts.
public enum PostListPosition: Sendable, Hashable {
    /// The first page.
    case start
    /// After the post with this sort time (milliseconds) and id, in newest-first order.
    case after(sortMillis: Int64, id: UUID)
    /// After skipping this many ranked search results.
    case offset(Int)
}

/// Which posts to list.
public struct PostQuery: Sendable, Hashable {
    /// Only posts by this author.
    public var authorId: UUID?
    /// Only posts with this tag.
    public var tag: String?
    /// Full-text search; results are ranked by relevance instead of date.
    public var search: String?
    /// Also list this user's unpublished posts.
    public var includeDraftsOf: UUID?
    /// Page size.
    public var limit: Int
    /// Where the page starts.
    public var position: PostListPosition

    /// Creates a query.
    public init(
        authorId: UUID? = nil, tag: String? = nil, search: String? = nil, includeDraftsOf: UUID? = nil,
        limit: Int = 20, position: PostListPosition = .start
    ) {
        self.authorId = authorId
        self.tag = tag
        self.search = search
        self.includeDraftsOf = includeDraftsOf
        self.limit = limit
        self.position = position
    }

    /// The words a search for `text` looks for (at most 16): runs of letters and digits, the rest ignored.
    /// Both stores build their full-text queries from these; text with none is no search at all.
    public static func searchWords(in text: String) -> [Substring] {
        Array(text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).prefix(16))
    }
}

/// One page of posts and the position of the next.
public struct PostPage: Sendable {
    /// The posts, in list order.
    public var posts: [Post]
    /// Where the next page starts; `nil` on the last page.
    public var next: PostListPosition?

    /// Creates a page.
    public init(posts: [Post], next: PostListPosition?) {
        self.posts = posts
        self.next = next
    }
}

/// Posts and the public face of their authors.
public protocol PostStore: Sendable {
    /// Inserts a post. `commentCount` and `author` are ignored (derived from stored data).
    /// Throws ``StoreError/duplicate(field:)`` with `slug` when the slug is taken.
    func createPost(_ post: Post) async throws -> Post
    /// The post with this id.
    func post(id: UUID) async throws -> Post?
    /// The post with this slug.
    func post(slug: String) async throws -> Post?
    /// Whether a slug is taken.
    func slugExists(_ slug: String) async throws -> Bool
    /// A page of posts; published posts only, unless the query includes someone's drafts.
    func listPosts(_ query: PostQuery) async throws -> PostPage
    /// Replaces a post's editable fields if its stored version is `expectedVersion`, storing `version + 1`.
    /// Returns `nil` when the post is gone; throws ``StoreError/versionMismatch(current:)`` when stale.
    func updatePost(_ post: Post, expectedVersion: Int) async throws -> Post?
    /// Deletes a post and its comments; returns whether it existed.
    @discardableResult func deletePost(id: UUID) async throws -> Bool
    /// A published post chosen at random.
    func randomPost() async throws -> Post?
    /// An author with their count of published posts.
    func author(id: UUID) async throws -> Author?
}
