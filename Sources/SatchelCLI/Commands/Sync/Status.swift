import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel status`: what waits to sync, when the last sync was, conflicts and refused changes.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show pending changes, the last successful sync, open conflicts, comments and refused changes.",
        discussion: """
            Works offline: it reads only this machine's database.

            Example:
              satchel status
              satchel status --verbose   # also the server's version and the last sync's timings
              satchel status --json
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .shortAndLong, help: "Also ask the server for its version and show the last sync's timings.")
    var verbose = false

    struct Report: Encodable {
        var dataDirectory: String
        var server: String?
        var username: String?
        var loggedIn: Bool
        var pendingChanges: Int
        var lastSyncAt: Date?
        /// `connected`, `polling`, `offline` or `stopped` (what `satchel sync --watch` last recorded), `off` if never run.
        var liveSync: String
        var openConflicts: Int
        var comments: [QueuedCommentJSON]
        var deadLetters: [DeadLetterJSON]
        /// Files waiting to upload and this machine's file cache.
        var files: FileStatus
        /// Saved pages whose capture has not finished (waiting) or failed, for `satchel capture --failed`.
        var captures: CaptureQueue
        /// With `--verbose`: the account's stored files against its quota, when the server answered.
        var serverFiles: BlobUsage?
        /// With `--verbose`: the server's version, or why it is unknown.
        var serverVersion: String?
        /// With `--verbose`: the last completed sync's timings.
        var lastSyncTimings: SyncTimings?
    }

    struct CaptureQueue: Encodable {
        var waiting: Int
        var failed: Int
    }

    struct DeadLetterJSON: Encodable {
        var mutationId: UUID
        var entity: String
        var recordId: UUID
        var reason: String
        var rejectedAt: Date
    }

    func run() async throws {
        let session = try Session.open(options)
        let status = try session.store.status()
        let report = Report(
            dataDirectory: session.directory.path, server: session.profile?.server, username: session.profile?.username,
            loggedIn: session.profile?.token != nil, pendingChanges: status.pendingChanges, lastSyncAt: status.lastSyncAt,
            liveSync: try session.store.liveSyncStatus()?.state(at: Date()).rawValue ?? "off",
            openConflicts: status.openConflicts, comments: try session.store.queuedComments().map(QueuedCommentJSON.init),
            deadLetters: status.deadLetters.map {
                DeadLetterJSON(
                    mutationId: $0.mutation.id, entity: $0.mutation.entity.rawValue, recordId: $0.mutation.recordId,
                    reason: $0.reason, rejectedAt: $0.rejectedAt)
            },
            files: try session.store.fileStatus(), captures: try Self.captureQueue(session.store))
        var verboseReport = report
        if verbose {
            verboseReport.serverVersion = await Self.serverVersion(session)
            verboseReport.lastSyncTimings = try session.store.lastSyncTimings()
            if session.profile?.token != nil { verboseReport.serverFiles = try? await session.serverAPI().blobUsage() }
        }
        let final = verboseReport
        try session.emit(final) { Self.describe(final, verbose: verbose) }
    }

    /// How many saved pages wait for capture and how many failed.
    static func captureQueue(_ store: LocalStore) throws -> CaptureQueue {
        let needing = try store.articlesNeedingCapture()
        let failed = needing.filter { $0.captureStatus == .failed }.count
        return CaptureQueue(waiting: needing.count - failed, failed: failed)
    }

    static func describeLive(_ state: String) -> String {
        switch state {
        case "connected": "connected (changes arrive as they are made)"
        case "polling": "polling (the server or a proxy does not hold requests)"
        case "offline": "not connected (the server is unreachable; retrying)"
        case "stopped": "not running (start it with `satchel sync --watch`)"
        default: "off (start it with `satchel sync --watch`)"
        }
    }

    /// The server's version from `GET /health`, `unreachable` when it does not answer in a few seconds.
    static func serverVersion(_ session: Session) async -> String? {
        guard let profile = session.profile else { return nil }
        let quick = SatchelAPI(
            transport: CurlTransport(
                baseURL: profile.server, configuration: .init(connectTimeout: 3, totalTimeout: 5, maxConnections: 1)),
            token: nil)
        guard let health = try? await quick.health() else { return "unreachable" }
        return health.version ?? "unknown (protocol \(health.protocolVersion))"
    }

    static func describe(_ r: Report, verbose: Bool = false) -> String {
        var lines: [String] = []
        if let server = r.server {
            lines.append("Server:        \(server)" + (r.loggedIn ? " (as \(r.username ?? "?"))" : " (logged out)"))
        } else {
            lines.append("Server:        none (run `satchel login`)")
        }
        lines.append("Pending:       \(plural(r.pendingChanges, "change"))")
        lines.append("Last sync:     \(r.lastSyncAt.map(SatchelJSON.string(from:)) ?? "never")")
        lines.append("Live sync:     \(Self.describeLive(r.liveSync))")
        lines.append("Conflicts:     \(r.openConflicts)" + (r.openConflicts > 0 ? " (see `satchel conflicts`)" : ""))
        let f = r.files
        lines.append("Files:         \(f.pendingUploads) waiting to upload (\(FileSize.text(f.pendingUploadBytes))); "
            + "cache \(plural(f.cachedFiles, "file")), \(FileSize.text(f.cachedBytes)) of \(FileSize.text(f.cacheBudget))")
        let c = r.captures
        lines.append("Captures:      \(c.waiting) waiting, \(c.failed) failed"
            + (c.waiting + c.failed > 0 ? " (capture them with `satchel capture --failed`)" : ""))
        if !r.comments.isEmpty {
            lines.append("Comments:")
            for comment in r.comments {
                let state = comment.syncState == "synced" ? (comment.moderation ?? "delivered") : comment.syncState
                let column = state.padding(toLength: 9, withPad: " ", startingAt: 0)
                lines.append("  \(IDResolver.short(comment.id))  \(column) \(comment.body.truncated(to: 50))")
            }
        }
        if !r.deadLetters.isEmpty {
            lines.append("Refused by the server (dismiss with `satchel dismiss ID`):")
            for letter in r.deadLetters {
                lines.append("  \(IDResolver.short(letter.mutationId))  \(letter.entity) \(IDResolver.short(letter.recordId)): \(letter.reason)")
            }
        }
        if verbose {
            lines.append("Server version: \(r.serverVersion ?? "none")")
            if let usage = r.serverFiles {
                lines.append("Server files:  \(plural(usage.count, "file")), \(FileSize.text(usage.bytes)) of "
                    + "\(FileSize.text(usage.quotaBytes)) quota")
            }
            if let t = r.lastSyncTimings {
                lines.append("Last sync took: \(format(t.totalMilliseconds)) ms (push \(format(t.pushMilliseconds)) ms in "
                    + "\(plural(t.pushRequests, "request")), pull \(format(t.pullMilliseconds)) ms in "
                    + "\(plural(t.pullRequests, "request")); \(t.pushed) pushed, \(t.pulled) pulled)")
            } else {
                lines.append("Last sync took: no sync yet")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func format(_ milliseconds: Double) -> String { String(format: "%.1f", milliseconds) }
}
