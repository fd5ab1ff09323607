import Foundation
import SatchelShared
@testable import SatchelServer
@testable import SatchelStores

/// Builders of valid records for store tests.
enum Fixtures {
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000)

    static func user(_ name: String = "user\(Int.random(in: 1000...9_999_999))", role: Role = .reader) -> StoredUser {
        StoredUser(
            user: User(id: UUID(), username: name, displayName: name.capitalized, email: "\(name)@example.com",
                       role: role, createdAt: epoch),
            passwordHash: "not-a-real-hash")
    }

    static func post(
        by author: User, title: String = "A Title", body: String = "Some body text here.", tags: [String] = [],
        status: PostStatus = .published, at date: Date = epoch, slug: String? = nil
    ) -> Post {
        let words = ReadingTime.wordCount(of: body)
        return Post(
            id: UUID(), slug: slug ?? PostText.slug(from: title) + "-\(UUID().uuidString.prefix(6).lowercased())",
            title: title, excerpt: PostText.excerpt(from: body), body: body, author: author.author, tags: tags,
            status: status, publishedAt: status == .published ? date : nil, createdAt: date, updatedAt: date,
            wordCount: words, readingTimeMinutes: ReadingTime.minutes(forWords: words), commentStatus: .open,
            commentCount: 0, version: 1)
    }

    static func comment(
        on postId: UUID, body: String = "Nice post.", status: CommentModerationStatus = .approved,
        at date: Date = epoch, parentId: UUID? = nil
    ) -> Comment {
        Comment(
            id: UUID(), postId: postId, parentId: parentId, authorName: "Reader", authorUrl: nil,
            emailHash: CommentPublisher.emailHash("reader@example.com"), authorEmail: "reader@example.com",
            userId: nil, body: body, status: status, createdAt: date, clientCreatedAt: nil)
    }
}

/// Swift Testing also declares a `Comment`; in these tests the name means Satchel's.
typealias Comment = SatchelShared.Comment
