import SatchelClient
import Foundation
import SatchelShared

/// Whether a local change reached the server, for the line printed after it.
struct SyncOutcome: Encodable, Sendable {
    /// `synced`, `queued` (server unreachable or `--offline`), `local` (not logged in) or `failed`.
    var status: String
    /// Changes still waiting to be pushed.
    var pendingChanges: Int
    /// One line for people.
    var message: String
}

extension Session {
    /// After a local change: syncs right away when the server is reachable, otherwise says the change
    /// is queued and will sync when it is. Never throws: the change itself is already safely stored.
    func syncAfterChange() async -> SyncOutcome {
        let pending = (try? store.status().pendingChanges) ?? 0
        guard let profile, profile.token != nil else {
            return SyncOutcome(
                status: "local", pendingChanges: pending,
                message: "Saved on this machine only; run `satchel login` to sync it.")
        }
        if options.offline {
            return SyncOutcome(
                status: "queued", pendingChanges: pending,
                message: "Queued (\(plural(pending, "change")) pending); run `satchel sync` to send it.")
        }
        guard await serverIsReachable() else {
            return queued(pending, because: "the server at \(profile.server) is not reachable")
        }
        do {
            try await store.sync()
            await cacheLinkedBodies()
            return SyncOutcome(status: "synced", pendingChanges: 0, message: "Synced with \(profile.server).")
        } catch {
            let remaining = (try? store.status().pendingChanges) ?? pending
            return queued(remaining, because: CLIError.from(error).message)
        }
    }

    private func queued(_ pending: Int, because reason: String) -> SyncOutcome {
        SyncOutcome(
            status: "queued", pendingChanges: pending,
            message: "Queued: \(reason.hasSuffix(".") ? String(reason.dropLast()) : reason); "
                + "\(plural(pending, "change")) will sync when the server is reachable (`satchel sync`).")
    }

    /// Fetches and keeps the text of linked posts this machine has not cached yet (e.g. saved on another
    /// machine), so they can be read offline. Best effort: a post that cannot be fetched is tried next time.
    func cacheLinkedBodies() async {
        guard let api, let articles = try? store.articles() else { return }
        for article in articles.map(\.value) {
            guard let postId = article.postId, (try? store.cachedBody(for: article.id)) == nil else { continue }
            guard let post = try? await api.post(idOrSlug: postId.uuidString) else { continue }
            try? store.cacheBody(post.body, readingTimeMinutes: post.readingTimeMinutes, for: article.id)
        }
    }
}

/// `1 change`, `3 changes`.
func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
