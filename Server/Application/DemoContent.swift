import Foundation
import Shared

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
        for (index, item) in articles.enumerated() {
            let author = index.isMultiple(of: 2) ? ada : grace
            let date = start.addingTimeInterval(Double(index) * 86_400 * 2)
            let words = ReadingTime.wordCount(of: item.body)
            let post = Post(
                id: UUID(), slug: PostText.slug(from: item.title), title: item.title,
                excerpt: PostText.excerpt(from: item.body), body: item.body, author: author.author, tags: item.tags,
                status: .published, publishedAt: date, createdAt: date, updatedAt: date, wordCount: words,
                readingTimeMinutes: ReadingTime.minutes(forWords: words),
                commentStatus: item.closed ? .closed : .open, commentCount: 0, version: 1)
            created.append(try await dependencies.posts.createPost(post))
        }
        for (index, post) in created.enumerated() where index < 3 {
            let date = post.publishedAt!.addingTimeInterval(3_600)
            let first = Comment(
                id: UUID(), postId: post.id, parentId: nil, authorName: "Charles Babbage", authorUrl: nil,
                emailHash: CommentPublisher.emailHash("charles@example.com"), authorEmail: "charles@example.com",
                userId: nil, body: "A fine piece. I read it twice on the train.", status: .approved,
                createdAt: date, clientCreatedAt: date)
            _ = try await dependencies.comments.createComment(first)
            let reply = Comment(
                id: UUID(), postId: post.id, parentId: first.id, authorName: post.author.displayName, authorUrl: nil,
                emailHash: CommentPublisher.emailHash("\(post.author.username)@example.com"),
                authorEmail: "\(post.author.username)@example.com", userId: post.author.id,
                body: "Thank you, Charles!", status: .approved, createdAt: date.addingTimeInterval(600),
                clientCreatedAt: nil)
            _ = try await dependencies.comments.createComment(reply)
        }
        return true
    }

    private static let paragraph = """
        Offline-first software treats the network as an optimisation rather than a requirement. \
        The device keeps a full copy of the data that matters to its user, every change is written \
        locally first, and synchronisation happens whenever a connection allows it. The result feels \
        instant, survives tunnels and flights, and never asks the reader to wait for a spinner.
        """

    private static let articles: [(title: String, body: String, tags: [String], closed: Bool)] = [
        ("Why Offline First", [paragraph, paragraph, paragraph].joined(separator: "\n\n"), ["offline", "sync"], false),
        ("Hybrid Logical Clocks in Practice",
         "Wall clocks drift and logical clocks forget time. A hybrid logical clock keeps both: the physical time " +
         "when it can, a counter when two events share a millisecond.\n\n" + paragraph, ["clocks", "sync"], false),
        ("Three-Way Merges for Prose",
         "When two machines edit the same draft, the common ancestor tells us who changed what. Edits to " +
         "different paragraphs merge cleanly; overlapping edits are kept side by side.\n\n" + paragraph,
         ["merge", "writing"], false),
        ("Reading Lists That Follow You", paragraph + "\n\n" + paragraph, ["reading"], false),
        ("A Note on Moderation",
         "Comments are published at once unless something looks off: a hidden honeypot field, too many links, " +
         "or a comment already posted. Those are held for a person to decide. Comments here are closed.",
         ["meta"], true),
        ("SQLite on the Server", "SQLite in WAL mode serves many readers and one writer with ease. " + paragraph,
         ["sqlite", "databases"], false),
    ]
}
