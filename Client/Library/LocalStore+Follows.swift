import Foundation
import SatchelShared
import SatchelSync

extension LocalStore {
    /// The live follows, in the order they were made.
    public func follows() throws -> [Follow] {
        try database.read { tables in
            try tables.records.all(.follow, includeDeleted: false).map(Self.follow(from:))
        }
        .sorted { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }
    }

    /// One live follow.
    public func follow(_ id: UUID) throws -> Follow? {
        try database.read { try $0.records.find(.follow, id) }.flatMap { $0.deleted ? nil : Self.follow(from: $0) }
    }

    /// Records a follow made elsewhere (the server's answer to `POST /v1/follows`) or offline: one create that
    /// sync carries to every machine. A follow of the same target already here is returned instead.
    @discardableResult
    public func addFollow(kind: FollowKind, target: String, name: String = "", siteURL: String = "",
                          delivery: FollowDelivery = .readingList, id: UUID = UUID.timeOrdered()) throws -> Follow {
        if let existing = try follows().first(where: { $0.kind == kind && $0.target == target }) { return existing }
        let now = environment.now()
        let follow = Follow(id: id, kind: kind, target: target, name: name, siteURL: siteURL, delivery: delivery, createdAt: now, updatedAt: now)
        let record = try write(.follow, id, .create) { fields in
            for (name, value) in follow.fields { fields[name] = value }
        }
        return Self.follow(from: record)
    }

    /// Changes where a follow's items go, or its name.
    @discardableResult
    public func updateFollow(_ id: UUID, name: String? = nil, delivery: FollowDelivery? = nil) throws -> Follow {
        Self.follow(from: try write(.follow, id, .update) { fields in
            if let name { fields["name"] = .string(name) }
            if let delivery { fields["delivery"] = .string(delivery.rawValue) }
        })
    }

    /// Unfollows: the record's tombstone reaches every machine, and the server stops delivering to this account.
    public func unfollow(_ id: UUID) throws {
        try write(.follow, id, .delete) { _ in }
    }

    static func follow(from record: LocalRecord) -> Follow {
        Follow(id: record.id, fields: record.fields, updatedAt: record.updatedAt, deleted: record.deleted)
    }
}
