import Foundation
import SatchelShared
import SatchelStores

/// Keeps the server's feed subscriptions in step with the synced ``Follow`` records: a follow of a feed made on
/// any machine (or by `POST /v1/follows`) subscribes its account to the feed, and deleting the record on any
/// machine unsubscribes it. The record is the truth; the subscription is what the poller works from.
struct FollowSubscriptionSync {
    let dependencies: ServerDependencies

    /// Applies the follow mutations of a push that were not rejected, then wakes the poller when one subscribed.
    func apply(_ mutations: [Mutation], results: [MutationResult], user: User) async throws {
        var subscribed = false
        for (mutation, result) in zip(mutations, results) where mutation.entity == .follow && result.status != .rejected {
            switch mutation.op {
            case .delete:
                // A delete kept back (an edit it never saw survives it: a conflict) leaves the follow on.
                guard result.deleted else { continue }
                try await dependencies.feeds.unsubscribe(followId: mutation.recordId, userId: user.id)
            case .create:
                var fields = mutation.fields.mapValues(\.value)
                if case .object(let merged)? = result.record { fields.merge(merged) { _, new in new } }
                let follow = Follow(id: mutation.recordId, fields: fields, updatedAt: dependencies.clock(), deleted: result.deleted)
                guard !follow.deleted else { continue }
                let now = dependencies.clock()
                if follow.kind == .author {
                    guard let author = try await dependencies.accounts.user(username: follow.target)?.user else { continue }
                    try await dependencies.feeds.followAuthor(AuthorFollow(
                        followId: follow.id, userId: user.id, authorId: author.id, name: follow.name, delivery: follow.delivery,
                        createdAt: now))
                    continue
                }
                guard let url = Self.feedAddress(follow.target) else { continue }
                _ = try await dependencies.feeds.subscribe(
                    FeedSubscription(
                        followId: follow.id, userId: user.id, feedId: UUID.timeOrdered(), name: follow.name,
                        delivery: follow.delivery, initialEntries: dependencies.feedPolling.initialEntries, createdAt: now),
                    url: url, now: now)
                subscribed = true
            case .update:
                // A new name or delivery (the merged value when the push merged) reaches the poller's side.
                var changed = mutation.fields.mapValues(\.value)
                if case .object(let merged)? = result.record {
                    for key in changed.keys { changed[key] = merged[key] ?? changed[key] }
                }
                let name = changed["name"]?.stringValue
                let delivery = changed["delivery"]?.stringValue.flatMap(FollowDelivery.init(rawValue:))
                guard name != nil || delivery != nil else { continue }
                try await dependencies.feeds.updateFollow(followId: mutation.recordId, userId: user.id, name: name, delivery: delivery)
            }
        }
        if subscribed { dependencies.feedPolling.signal.wake() }
    }

    /// `target` when it is an absolute http(s) address, else nil (the poller's fetcher decides what else it refuses).
    static func feedAddress(_ target: String) -> String? {
        let lowered = target.prefix(8).lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), target.utf8.count <= 2048 else { return nil }
        return target
    }
}
