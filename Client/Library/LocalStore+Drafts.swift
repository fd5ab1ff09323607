import Foundation
import SatchelShared
import SatchelSync

extension LocalStore {
    /// Starts a draft of a post, or of a comment on `postId`.
    @discardableResult
    public func createDraft(kind: DraftKind = .post, postId: UUID? = nil, title: String = "", body: String = "",
                            tags: [String] = []) throws -> Draft {
        if kind == .comment && postId == nil { throw LocalStoreError.invalid("A comment draft needs the post it replies to.") }
        let record = try write(.draft, .timeOrdered(), .create) { fields in
            fields["kind"] = .string(kind.rawValue)
            fields["postId"] = postId.map { .string($0.uuidString) } ?? .null
            fields["title"] = .string(title)
            fields["body"] = .string(body)
            fields["tags"] = .array(Self.normalized(tags).map(JSONValue.string))
        }
        return Self.draft(from: record)
    }

    /// Changes a draft's title, body or tags; only what changed is synced.
    @discardableResult
    public func updateDraft(_ id: UUID, title: String? = nil, body: String? = nil, tags: [String]? = nil) throws -> Draft {
        let record = try write(.draft, id, .update) { fields in
            if let title { fields["title"] = .string(title) }
            if let body { fields["body"] = .string(body) }
            if let tags { fields["tags"] = .array(Self.normalized(tags).map(JSONValue.string)) }
        }
        return Self.draft(from: record)
    }

    /// Adds the file at `path` (an image) to a draft: copied into the file cache, hashed on the way, and added
    /// to the draft's attachments in one local write, so it syncs with the draft (the next sync uploads it
    /// before pushing the change). `![alt](attachment:sha256:…)` in the body names it; publishing the draft
    /// uploads it as a media item and names that instead.
    @discardableResult
    public func attachToDraft(_ id: UUID, path: String) throws -> (draft: Draft, attachment: Attachment) {
        guard let current = try draft(id)?.value else { throw LocalStoreError.invalid("No draft \(id).") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw LocalStoreError.invalid("'\(path)' is not a file.")
        }
        let name = FileTypes.safeName((path as NSString).lastPathComponent)
        let type = FileTypes.mediaType(forName: name)
        let (digest, size) = try blobCache.insert(copying: path)
        let attachment = Attachment(digest: digest, size: size, mediaType: type, name: name)
        let attachments = current.attachments.filter { $0.digest != digest } + [attachment]
        let record = try write(.draft, id, .update) { fields in
            fields["attachments"] = .array(attachments.map(\.json))
        }
        return (Self.draft(from: record), attachment)
    }

    /// Deletes a draft everywhere.
    public func deleteDraft(_ id: UUID) throws {
        try write(.draft, id, .delete) { _ in }
    }

    /// One draft with its sync state.
    public func draft(_ id: UUID) throws -> Synced<Draft>? {
        try synced(.draft, id).map { Synced(value: Self.draft(from: $0.0), state: $0.1) }
    }

    /// Every draft with its sync state, most recently changed first.
    public func drafts() throws -> [Synced<Draft>] {
        try database.read(Self.drafts)
    }

    static func drafts(_ tables: LocalTables) throws -> [Synced<Draft>] {
        try synced(tables, .draft).map { Synced(value: draft(from: $0.0), state: $0.1) }
            .sorted { $0.value.updatedAt > $1.value.updatedAt }
    }

    static func draft(from record: LocalRecord) -> Draft {
        let f = record.fields
        return Draft(
            id: record.id, kind: DraftKind(rawValue: f["kind"]?.stringValue ?? "") ?? .post,
            postId: f["postId"]?.stringValue.flatMap(UUID.init(uuidString:)), title: f["title"]?.stringValue ?? "",
            body: f["body"]?.stringValue ?? "", tags: f["tags"]?.stringArrayValue ?? [], updatedAt: record.updatedAt,
            deleted: record.deleted, attachments: Attachment.list(f["attachments"]))
    }
}
