import Foundation

/// What a reader follows: an author of this server (by username) or a site's feed elsewhere (by the feed's
/// address). A synced record: unfollowing on one machine (deleting it) unfollows on every machine.
public struct Follow: Codable, Sendable, Hashable, Identifiable {
    /// Client- or server-made identifier.
    public var id: UUID
    /// An author here or a feed elsewhere.
    public var kind: FollowKind
    /// The author's username, or the feed's absolute http(s) address.
    public var target: String
    /// The name shown for it (the feed's title, the author's name); also the tag its items get.
    public var name: String
    /// The site the feed belongs to, or the author's page ("" when unknown).
    public var siteURL: String
    /// Where its new items go.
    public var delivery: FollowDelivery
    /// When it was made.
    public var createdAt: Date
    /// When any field last changed.
    public var updatedAt: Date
    /// Tombstone flag.
    public var deleted: Bool

    enum CodingKeys: String, CodingKey {
        case id, kind, target, name, siteURL = "siteUrl", delivery, createdAt, updatedAt, deleted
    }

    /// Creates a follow value.
    public init(
        id: UUID, kind: FollowKind, target: String, name: String = "", siteURL: String = "",
        delivery: FollowDelivery = .readingList, createdAt: Date, updatedAt: Date, deleted: Bool = false
    ) {
        (self.id, self.kind, self.target, self.name, self.siteURL) = (id, kind, target, name, siteURL)
        (self.delivery, self.createdAt, self.updatedAt, self.deleted) = (delivery, createdAt, updatedAt, deleted)
    }

    /// Reads a follow from its synced record's fields (missing or mistyped fields take their defaults).
    public init(id: UUID, fields f: [String: JSONValue], updatedAt: Date, deleted: Bool) {
        self.init(
            id: id, kind: f["kind"]?.stringValue.flatMap(FollowKind.init(rawValue:)) ?? .feed,
            target: f["target"]?.stringValue ?? "", name: f["name"]?.stringValue ?? "", siteURL: f["siteUrl"]?.stringValue ?? "",
            delivery: f["delivery"]?.stringValue.flatMap(FollowDelivery.init(rawValue:)) ?? .readingList,
            createdAt: f["createdAt"]?.stringValue.flatMap(SatchelJSON.date(from:)) ?? updatedAt,
            updatedAt: updatedAt, deleted: deleted)
    }

    /// The record's fields, as a create writes them.
    public var fields: [String: JSONValue] {
        [
            "kind": .string(kind.rawValue), "target": .string(target), "name": .string(name), "siteUrl": .string(siteURL),
            "delivery": .string(delivery.rawValue), "createdAt": .string(SatchelJSON.string(from: createdAt)),
        ]
    }
}

/// What a follow follows.
public enum FollowKind: String, Codable, Sendable, CaseIterable {
    /// An author of this server: their posts arrive when published.
    case author
    /// A feed elsewhere (Atom, RSS, JSON Feed), polled by the server.
    case feed
}

/// Where a follow's new items go.
public enum FollowDelivery: String, Codable, Sendable, CaseIterable {
    /// Straight into the reading list, captured and tagged with the follow's name (the default).
    case readingList
    /// Into the "following" inbox, to be saved from.
    case inbox
}
