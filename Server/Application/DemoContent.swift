import Foundation
import SatchelShared
import SatchelStores

/// Demo posts, authors and comments, so a newcomer sees a working blog at once.
///
/// Loaded only into a database without users. The demo accounts are `ada` (admin) and
/// `grace` (author), both with the password `satchel-demo`.
public enum DemoContent {
    /// The demo password of both demo accounts.
    public static let password = "satchel-demo"

    /// Loads the demo content unless the database already has accounts; returns whether it did.
    @discardableResult
    public static func load(into dependencies: ServerDependencies) async throws -> Bool {
        if try await dependencies.accounts.user(username: "ada") != nil { return false }
        let hash = try await dependencies.passwords.hash(password)
        let start = dependencies.clock().addingTimeInterval(-14 * 86_400)
        let ada = try await dependencies.accounts.createUser(StoredUser(
            user: User(id: UUID(), username: "ada", displayName: "Ada Lovelace", email: "ada@example.com",
                       role: .admin, createdAt: start), passwordHash: hash))
        let grace = try await dependencies.accounts.createUser(StoredUser(
            user: User(id: UUID(), username: "grace", displayName: "Grace Hopper", email: "grace@example.com",
                       role: .author, createdAt: start), passwordHash: hash))
        var created: [Post] = []
        for (index, item) in DemoArticles.all.enumerated() {
            let author = item.author == 0 ? ada : grace
            let date = start.addingTimeInterval(Double(index) * 86_400 * 2)
            let words = ReadingTime.wordCount(of: item.body)
            let post = Post(
                id: UUID(), slug: PostText.slug(from: item.title), title: item.title,
                excerpt: PostText.excerpt(from: item.body.components(separatedBy: "\n\n").drop { $0.hasPrefix("![") }
                    .joined(separator: "\n\n")),
                body: item.body, author: author.author, tags: item.tags,
                status: .published, publishedAt: date, createdAt: date, updatedAt: date, wordCount: words,
                readingTimeMinutes: ReadingTime.minutes(forWords: words),
                commentStatus: item.closed ? .closed : .open, commentCount: 0, version: 1)
            created.append(try await dependencies.posts.createPost(post))
        }
        try await addComments(to: created, comments: dependencies.comments)
        return true
    }

    /// A reply thread on the first post, single comments on two others, a comment on the closed post
    /// from before it closed, and one held for moderation that only the post's author and admins see.
    private static func addComments(to posts: [Post], comments: any CommentStore) async throws {
        func add(_ post: Post, _ name: String, _ email: String, _ body: String, after hours: Double,
                 parent: Comment? = nil, status: CommentModerationStatus = .approved) async throws -> Comment {
            let date = (post.publishedAt ?? post.createdAt).addingTimeInterval(hours * 3_600)
            return try await comments.createComment(Comment(
                id: UUID(), postId: post.id, parentId: parent?.id, authorName: name, authorUrl: nil,
                emailHash: CommentPublisher.emailHash(email), authorEmail: email, userId: nil, body: body,
                status: status, createdAt: date, clientCreatedAt: date))
        }
        let first = try await add(
            posts[0], "Charles Babbage", "charles@example.com",
            "A fine piece. I read it twice on the train, once with signal and once without.", after: 1)
        let answer = try await add(
            posts[0], "Ada Lovelace", "ada@example.com",
            "Thank you, Charles! The second reading is the one that counts here.", after: 2, parent: first)
        _ = try await add(
            posts[0], "Charles Babbage", "charles@example.com",
            "Then I shall read it a third time in the tunnel, to be sure.", after: 3, parent: answer)
        _ = try await add(
            posts[0], "Mary Somerville", "mary@example.com",
            "How does the server know which laptop edited a paragraph first?", after: 5)
        _ = try await add(
            posts[1], "Edsger Dijkstra", "edsger@example.com",
            "Counters are the honest part of any clock.", after: 4)
        _ = try await add(
            posts[2], "Grace Hopper", "grace@example.com",
            "Posted before comments closed: the honeypot caught three bots this week.", after: 1)
        _ = try await add(
            posts[3], "Margaret Hamilton", "margaret@example.com",
            "Keeping both versions is the only safe default for prose.", after: 6)
        _ = try await add(
            posts[3], "Unknown Visitor", "visitor@example.com",
            "Great merge tips! Also see http://example.net/a and http://example.net/b and http://example.net/c",
            after: 8, status: .pending)
    }
}
