import Foundation
import SatchelShared
import SatchelStores
import SatchelSync

/// Delivers a post just published to its author's followers: into each follower's reading list (tagged with the
/// follow's name, or `inbox`) as a saved article linked to the post, written through their sync feed, so every
/// machine of theirs in live mode pulls it at once. A follower who already has the post saved gets nothing.
struct AuthorDelivery {
    let dependencies: ServerDependencies

    /// Delivers `post` (published) to everyone following its author; `origin` is this server's address as the
    /// publisher reached it. Failures for one follower do not stop the others.
    func deliver(_ post: Post, origin: String) async {
        guard post.status == .published,
              let followers = try? await dependencies.feeds.authorFollowers(authorId: post.author.id) else { return }
        let url = origin + "/posts/" + (post.slug.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? post.slug)
        for follower in followers where follower.userId != post.author.id {
            guard let user = try? await dependencies.accounts.user(id: follower.userId)?.user else { continue }
            _ = try? await save(post, url: url, to: user, follow: follower)
        }
    }

    private func save(_ post: Post, url: String, to user: User, follow: AuthorFollow) async throws -> Bool {
        if try await SavedArticleFeed(dependencies: dependencies).article(matching: url, of: user) != nil { return false }
        let now = dependencies.clock()
        var fields = SyncSchema.defaults(of: .savedArticle)
        let tag = String(follow.name.prefix(100))
        var tags = tag.isEmpty ? [] : [tag]
        if follow.delivery == .inbox { tags.insert(FeedDelivery.inboxTag, at: 0) }
        fields["url"] = .string(String(url.prefix(2048)))
        fields["postId"] = .string(post.id.uuidString)
        fields["title"] = .string(String(post.title.prefix(500)))
        fields["siteName"] = .string(String((URL(string: url)?.host ?? "").prefix(200)))
        fields["excerpt"] = .string(String(post.excerpt.prefix(2000)))
        fields["byline"] = .string(String(post.author.displayName.prefix(500)))
        fields["readingMinutes"] = .number(Double(min(post.readingTimeMinutes, 100_000)))
        fields["tags"] = .array(tags.map(JSONValue.string))
        fields["savedAt"] = .string(SatchelJSON.string(from: now))
        let mutation = Mutation(
            entity: .savedArticle, recordId: UUID.timeOrdered(), op: .create,
            hlc: HLCTimestamp(wallMillis: min(now.millis, HLCTimestamp.maxWallMillis), counter: 0, node: FeedDelivery.clientId),
            fields: fields.mapValues { FieldChange(base: nil, value: $0) })
        let response = try await SyncService(dependencies: dependencies).push(
            PushRequest(clientId: FeedDelivery.clientId, mutations: [mutation]), user: user)
        return response.results.first.map { $0.status != .rejected } ?? false
    }
}
