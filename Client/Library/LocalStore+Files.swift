import Foundation
import SatchelShared
import SatchelSync

extension LocalStore {
    /// Saves a file from this machine to the reading list: copied into the file cache (hashed on the way)
    /// and attached to a new saved article, in one local write; the next sync uploads it, then pushes the
    /// article. The article's address is the file's content address (`urn:sha256:…`).
    @discardableResult
    public func saveFile(
        path: String, title: String? = nil, tags: [String] = [], note: String = "", mediaType: String? = nil
    ) throws -> SavedArticle {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw LocalStoreError.invalid("'\(path)' is not a file.")
        }
        let name = FileTypes.safeName((path as NSString).lastPathComponent)
        let type = mediaType ?? FileTypes.mediaType(forName: name)
        guard AttachmentRules.isMediaType(type) else { throw LocalStoreError.invalid("'\(type)' is not a media type.") }
        let (digest, size) = try blobCache.insert(copying: path)
        let attachment = Attachment(digest: digest, size: size, mediaType: type, name: name)
        let id = UUID.timeOrdered()
        let now = environment.now()
        let record = try write(.savedArticle, id, .create) { fields in
            fields["url"] = .string("urn:" + digest.text)
            fields["title"] = .string(title ?? name)
            fields["siteName"] = .string("File")
            fields["note"] = .string(note)
            fields["tags"] = .array(Self.normalized(tags).map(JSONValue.string))
            fields["savedAt"] = .string(SatchelJSON.string(from: now))
            fields["attachments"] = .array([attachment.json])
        }
        return try Self.article(from: record)
    }

    /// The attachment's file on this machine: from the cache when its bytes still match the digest,
    /// otherwise downloaded (a damaged cache file is detected and fetched again). Returns the cache path;
    /// copy it before changing it.
    public func file(_ attachment: Attachment, progress: @Sendable (Int64) -> Void = { _ in }) async throws -> String {
        if blobCache.contains(attachment.digest), blobCache.verify(attachment.digest) {
            blobCache.touch(attachment.digest)
            return blobCache.path(for: attachment.digest)
        }
        guard let blobTransfer else {
            throw LocalStoreError.invalid("The file \(attachment.name) is not on this machine, and there is no server to fetch it from.")
        }
        try await blobTransfer.download(attachment, progress: progress)
        return blobCache.path(for: attachment.digest)
    }

    /// Writes the attachment's file to `destination` (fetching it first if needed), through a temporary
    /// file renamed into place.
    public func exportFile(_ attachment: Attachment, to destination: String, progress: @Sendable (Int64) -> Void = { _ in })
        async throws
    {
        let source = try await file(attachment, progress: progress)
        let temporary = destination + ".satchel-part"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.copyItem(atPath: source, toPath: temporary)
        if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(atPath: destination) }
        try FileManager.default.moveItem(atPath: temporary, toPath: destination)
    }

    /// The attachments meant for offline reading: those of saved articles not archived, and of drafts.
    public func pinnedAttachments() throws -> [Attachment] {
        try database.read(Self.pinnedAttachments)
    }

    static func pinnedAttachments(_ tables: LocalTables) throws -> [Attachment] {
        var found: [BlobDigest: Attachment] = [:]
        for record in try tables.records.withFiles(.savedArticle) where record.fields["archived"]?.boolValue != true {
            for attachment in Attachment.list(record.fields["attachments"]) { found[attachment.digest] = attachment }
        }
        for record in try tables.records.withFiles(.draft) {
            for attachment in Attachment.list(record.fields["attachments"]) { found[attachment.digest] = attachment }
        }
        return found.values.sorted { $0.digest < $1.digest }
    }

    /// Fetches the pinned attachments this machine lacks (four at a time), then evicts unpinned files
    /// beyond the cache budget. Failures are counted, not thrown: they are fetched after a later sync.
    @discardableResult
    public func fetchPinnedFiles() async -> (fetched: Int, failed: Int) {
        guard let blobTransfer, let pinned = try? pinnedAttachments() else { return (0, 0) }
        let wanted = pinned.filter { !blobCache.contains($0.digest) }
        var fetched = 0, failed = 0
        await withTaskGroup(of: Bool.self) { group in
            var next = wanted.makeIterator()
            for _ in 0..<4 {
                guard let attachment = next.next() else { break }
                group.addTask { (try? await blobTransfer.download(attachment)) != nil }
            }
            for await succeeded in group {
                if succeeded { fetched += 1 } else { failed += 1 }
                if let attachment = next.next() {
                    group.addTask { (try? await blobTransfer.download(attachment)) != nil }
                }
            }
        }
        blobCache.evict(keeping: Set(pinned.map(\.digest)), budget: fileCacheBudget)
        return (fetched, failed)
    }

    /// Files waiting to be uploaded (those the change log's pending changes reference) and the cache's size.
    public func fileStatus() throws -> FileStatus {
        let pending = try database.read { tables in SyncPush.attachments(of: try tables.outbox.withAttachments()) }
        let entries = blobCache.entries()
        return FileStatus(
            pendingUploads: pending.count, pendingUploadBytes: pending.values.reduce(0) { $0 + $1.size },
            cachedFiles: entries.count, cachedBytes: entries.reduce(0) { $0 + $1.size }, cacheBudget: fileCacheBudget)
    }
}

/// Where this machine's files stand.
public struct FileStatus: Sendable, Hashable, Codable {
    /// Files the pending changes reference (uploaded before they are pushed, unless the server has them).
    public var pendingUploads: Int
    /// Their bytes.
    public var pendingUploadBytes: Int64
    /// Files in the cache.
    public var cachedFiles: Int
    /// Their bytes.
    public var cachedBytes: Int64
    /// The cache's budget in bytes.
    public var cacheBudget: Int64
}
