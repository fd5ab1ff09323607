import Foundation
import SatchelFeeds
import SatchelShared
import SatchelStores
import SatchelSync

/// Puts a feed's entries where each follow wants them: captured into the reading list (through the same
/// capture path as `POST /v1/captures`, tagged with the follow's name), or saved uncaptured into the inbox
/// (tagged `inbox`). A page already in the reading list (by normalized address, as saved or after redirects) is
/// not saved again, so two follows sharing a post, or a feed republishing one, give one item.
struct FeedDelivery {
    let dependencies: ServerDependencies

    /// The tag inbox items carry; `satchel inbox` lists them, and saving one from there drops it.
    static let inboxTag = "inbox"
    /// The sync client id the server's inbox saves are recorded under.
    static let clientId = "server-follow"

    /// Delivers `entries` (oldest first) to `subscription`; returns how many were new to the account.
    func deliver(_ entries: [FeedEntry], to subscription: FeedSubscription) async -> Int {
        guard let user = try? await dependencies.accounts.user(id: subscription.userId)?.user else { return 0 }
        var delivered = 0
        for entry in entries {
            guard let url = entry.url else { continue }
            let tag = String(subscription.name.prefix(100))
            do {
                switch subscription.delivery {
                case .readingList:
                    let (_, created) = try await CaptureService(dependencies: dependencies).capture(
                        CaptureRequest(url: url), user: user, tags: tag.isEmpty ? [] : [tag], title: entry.title)
                    if created { delivered += 1 }
                case .inbox:
                    if try await saveToInbox(entry, url: url, tags: [Self.inboxTag] + (tag.isEmpty ? [] : [tag]), user: user) {
                        delivered += 1
                    }
                }
            } catch {
                // An entry whose page cannot be saved (refused address, quota) is skipped; the rest still arrive.
                continue
            }
        }
        return delivered
    }

    /// Saves an entry uncaptured with the inbox tag; false when the page is already saved.
    private func saveToInbox(_ entry: FeedEntry, url: String, tags: [String], user: User) async throws -> Bool {
        if try await SavedArticleFeed(dependencies: dependencies).article(matching: url, of: user) != nil { return false }
        let now = dependencies.clock()
        var fields = SyncSchema.defaults(of: .savedArticle)
        fields["url"] = .string(String(url.prefix(2048)))
        fields["title"] = .string(String((entry.title ?? URL(string: url)?.host ?? url).prefix(500)))
        fields["siteName"] = .string(String((URL(string: url)?.host ?? "").prefix(200)))
        fields["excerpt"] = .string(String((entry.summary ?? "").prefix(2000)))
        fields["byline"] = .string(String((entry.author ?? "").prefix(500)))
        fields["tags"] = .array(tags.map(JSONValue.string))
        fields["savedAt"] = .string(SatchelJSON.string(from: now))
        let stamp = HLCTimestamp(
            wallMillis: min(now.millis, HLCTimestamp.maxWallMillis), counter: 0, node: Self.clientId)
        let mutation = Mutation(
            entity: .savedArticle, recordId: UUID.timeOrdered(), op: .create, hlc: stamp,
            fields: fields.mapValues { FieldChange(base: nil, value: $0) })
        let response = try await SyncService(dependencies: dependencies).push(
            PushRequest(clientId: Self.clientId, mutations: [mutation]), user: user)
        return response.results.first.map { $0.status != .rejected } ?? false
    }
}
