import Foundation
import SatchelHTTP
import SatchelShared
import SatchelStores
import SatchelSync

/// `/v1/follows` without HTTP. A follow is a synced record in the reader's feed (so every machine has it and an
/// unfollow anywhere is an unfollow everywhere); for a feed, the push that writes it also subscribes the account
/// to the feed (``FollowSubscriptionSync``) and wakes the poller, so a new follow is checked at once.
struct FollowService {
    let dependencies: ServerDependencies

    /// The sync client id the server's own follow records are written under.
    static let clientId = "server-follow"

    /// Follows an author here (a username) or a feed (an address: a feed, or a page advertising one). Returns the
    /// follow and whether it is new (an existing follow of the same target is returned as it is).
    func follow(_ body: FollowRequest, user: User) async throws -> (FollowStatus, created: Bool) {
        var validator = FieldValidator()
        let target = (validator.text(body.target, field: "target", maxLength: 2048) ?? "").trimmingCharacters(in: .whitespaces)
        if let name = body.name { _ = validator.text(name, field: "name", maxLength: 200) }
        if target.isEmpty { validator.fail("target", "must be a username or an http(s) address.") }
        try validator.check()
        let kind: FollowKind
        var canonical: String
        var name = body.name ?? ""
        var siteURL = ""
        if target.prefix(8).lowercased().hasPrefix("http://") || target.prefix(8).lowercased().hasPrefix("https://") {
            let resolved = try await FeedResolver(fetcher: dependencies.captureFetcher).resolve(target)
            kind = .feed
            canonical = String(resolved.url.prefix(2048))
            if name.isEmpty { name = resolved.feed.title ?? URL(string: resolved.url)?.host ?? resolved.url }
            siteURL = resolved.feed.siteURL ?? ""
        } else {
            guard let author = try await dependencies.accounts.user(username: target)?.user else {
                throw APIError.notFound("No author here is named \(target.prefix(100)).")
            }
            kind = .author
            canonical = author.username
            if name.isEmpty { name = author.displayName }
        }
        canonical = String(canonical.prefix(2048))
        if let existing = try await followRecords(of: user).map(\.follow).first(where: { $0.kind == kind && $0.target == canonical }) {
            return (try await status(of: existing, user: user), false)
        }
        let now = dependencies.clock()
        let follow = Follow(
            id: UUID.timeOrdered(), kind: kind, target: canonical, name: String(name.prefix(200)), siteURL: String(siteURL.prefix(2048)),
            delivery: body.delivery ?? .readingList, createdAt: now, updatedAt: now)
        try await push(Mutation(
            entity: .follow, recordId: follow.id, op: .create, hlc: stamp(now),
            fields: follow.fields.mapValues { FieldChange(base: nil, value: $0) }), user: user)
        return (try await status(of: follow, user: user), true)
    }

    /// The caller's follows with how their polling goes, oldest first.
    func list(user: User) async throws -> FollowList {
        let feeds = Dictionary(
            try await dependencies.feeds.followedFeeds(userId: user.id).map { ($0.subscription.followId, $0) },
            uniquingKeysWith: { first, _ in first })
        return FollowList(follows: try await followRecords(of: user).map { status(of: $0.follow, polled: feeds[$0.follow.id]) })
    }

    /// Unfollows (a delete of the record, which every machine pulls, and the end of the subscription). The delete
    /// names the version read, so it is not mistaken for a machine that never saw the follow.
    func unfollow(id: UUID, user: User) async throws {
        guard let record = try await followRecords(of: user).first(where: { $0.follow.id == id }) else {
            throw APIError.notFound("Follow \(id)")
        }
        try await push(Mutation(
            entity: .follow, recordId: id, op: .delete, baseVersion: record.version, hlc: stamp(dependencies.clock()), fields: [:]),
            user: user)
    }

    /// Makes a followed feed due now and wakes the poller; returns the follow as it stands.
    func check(id: UUID, user: User) async throws -> FollowStatus {
        guard let follow = try await followRecords(of: user).map(\.follow).first(where: { $0.id == id }) else {
            throw APIError.notFound("Follow \(id)")
        }
        if let polled = try await dependencies.feeds.followedFeeds(userId: user.id).first(where: { $0.subscription.followId == id }) {
            try await dependencies.feeds.requestCheck(feedId: polled.feed.id, now: dependencies.clock())
            dependencies.feedPolling.signal.wake()
        }
        return try await status(of: follow, user: user)
    }

    private func status(of follow: Follow, user: User) async throws -> FollowStatus {
        let polled = try await dependencies.feeds.followedFeeds(userId: user.id).first { $0.subscription.followId == follow.id }
        return status(of: follow, polled: polled)
    }

    private func status(of follow: Follow, polled: FollowedFeed?) -> FollowStatus {
        FollowStatus(
            follow: follow, feedUrl: polled?.feed.url, lastCheckedAt: polled?.feed.lastCheckedAt, lastError: polled?.feed.lastError,
            nextCheckAt: polled?.feed.nextCheckAt, itemCount: polled?.subscription.itemCount ?? 0)
    }

    /// The caller's live follow records with their versions, oldest first, read from their sync feed.
    private func followRecords(of user: User) async throws -> [(follow: Follow, version: Int)] {
        let service = SyncService(dependencies: dependencies)
        var cursor: String?
        var follows: [UUID: (follow: Follow, version: Int)] = [:]
        while true {
            let page = try PullResponse.decode(try await service.pull(user: user, cursor: cursor, limit: 1000).body)
            for change in page.changes where change.entity == .follow {
                if change.deleted {
                    follows[change.recordId] = nil
                    continue
                }
                guard case .object(let fields)? = try? change.parsed().record else { continue }
                let follow = Follow(id: change.recordId, fields: fields, updatedAt: dependencies.clock(), deleted: false)
                follows[change.recordId] = (follow, change.version)
            }
            guard page.hasMore else { break }
            cursor = page.cursor
        }
        return follows.values.sorted {
            ($0.follow.createdAt, $0.follow.id.uuidString) < ($1.follow.createdAt, $1.follow.id.uuidString)
        }
    }

    private func stamp(_ now: Date) -> HLCTimestamp {
        HLCTimestamp(wallMillis: min(now.millis, HLCTimestamp.maxWallMillis), counter: 0, node: Self.clientId)
    }

    private func push(_ mutation: Mutation, user: User) async throws {
        let response = try await SyncService(dependencies: dependencies).push(
            PushRequest(clientId: Self.clientId, mutations: [mutation]), user: user)
        guard let result = response.results.first, result.status != .rejected else {
            throw APIError(
                .internalServerError, type: "/problems/follow-not-saved", title: "Follow not saved",
                detail: "The follow could not be saved: \(response.results.first?.reason ?? "no result")")
        }
    }
}
