import Foundation
import SatchelShared
import SatchelStores

/// The built-in policy: a filled honeypot is spam; too many links, a body already posted on the
/// same post, or a blocked word holds the comment for a moderator; anything else is published.
public struct DefaultModerationPolicy: ModerationPolicy {
    /// More links than this hold the comment. 2 by default.
    public var maxLinks: Int
    /// Words (matched case-insensitively as whole words) that hold the comment.
    public var blockedWords: Set<String>

    /// Creates the policy.
    public init(maxLinks: Int = 2, blockedWords: Set<String> = ["viagra", "casino", "crypto-giveaway", "porn"]) {
        self.maxLinks = maxLinks
        self.blockedWords = Set(blockedWords.map { $0.lowercased() })
    }

    /// Applies the rules in order of certainty.
    public func decide(_ submission: CommentSubmission, comments: any CommentStore) async throws -> ModerationDecision {
        if let honeypot = submission.honeypot, !honeypot.isEmpty {
            return .spam("The hidden honeypot field was filled in, as bots do.")
        }
        let links = Self.linkCount(in: submission.body)
        if links > maxLinks {
            return .hold("The comment has \(links) links; more than \(maxLinks) are held for review.")
        }
        let words = submission.body.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" })
        if let word = words.first(where: { blockedWords.contains(String($0)) }) {
            return .hold("The comment contains the blocked word '\(word)'.")
        }
        if try await comments.hasComment(postId: submission.postId, body: submission.body) {
            return .hold("The same comment was already posted on this post.")
        }
        return .approve
    }

    static func linkCount(in text: String) -> Int {
        let lower = text.lowercased()
        return lower.components(separatedBy: "http://").count - 1 + lower.components(separatedBy: "https://").count - 1
            + lower.components(separatedBy: "www.").count - 1
    }
}
