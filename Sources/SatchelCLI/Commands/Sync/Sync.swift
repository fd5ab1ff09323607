import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel sync`: pushes local changes and pulls other machines' changes, once or until interrupted.
struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sync with the server: push local changes, pull other machines' changes.",
        discussion: """
            On a terminal a progress bar shows long syncs; otherwise each step prints a plain line. With \
            --watch it syncs once, then stays connected (live sync: the server holds a long-poll open and \
            answers when another machine changes something) and prints a line for each article or draft \
            that changes, until interrupted (Ctrl-C). When the server or a proxy does not hold requests it \
            syncs every --interval seconds instead, carrying on through network failures.

            Example:
              satchel sync
              satchel sync --watch --interval 30
            """)

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Keep syncing until interrupted.") var watch = false
    @Option(help: "Seconds between syncs with --watch when live sync is not available.") var interval: Double = 10

    func validate() throws {
        guard interval.isFinite, interval >= 0.1, interval <= 86_400 else {
            throw ValidationError("--interval must be from 0.1 to 86400 seconds.")
        }
    }

    struct Report: Encodable {
        var server: String
        var summary: SyncSummary
        var pendingChanges: Int
        var openConflicts: Int
        var syncedAt: Date
    }

    func run() async throws {
        let session = try Session.open(options)
        _ = try session.signedInAPI()
        if watch {
            try await watchUntilInterrupted(session)
        } else {
            try await syncOnce(session)
        }
    }

    /// One sync; fails fast with a one-line error when the server is down.
    func syncOnce(_ session: Session) async throws {
        let server = session.profile?.server ?? ""
        guard await session.serverIsReachable() else {
            let pending = try session.store.status().pendingChanges
            throw CLIError(
                "The server at \(server) is not reachable; \(plural(pending, "change")) stay queued "
                    + "and will sync when it is.",
                exitCode: ExitStatus.unavailable)
        }
        let console = Console.current
        let showBar = console.outputIsTerminal && !options.json
        let json = options.json
        let bar = ProgressBar()
        let summary = try await session.store.sync { step in
            // An empty feed is not worth a line.
            if json || (step.done == 0 && step.total == 0) { return }
            if showBar {
                console.out(bar.render(phase: step.phase, done: step.done, total: step.total))
            } else {
                console.out(ProgressBar.plainLine(phase: step.phase, done: step.done, total: step.total) + "\n")
            }
        }
        if showBar { console.out("\r\u{1B}[K") }
        await session.cacheLinkedBodies()
        let status = try session.store.status()
        let report = Report(
            server: server, summary: summary, pendingChanges: status.pendingChanges, openConflicts: status.openConflicts,
            syncedAt: status.lastSyncAt ?? Date())
        try session.emit(report) { Self.describe(report) }
    }

    static func describe(_ report: Report) -> String {
        let s = report.summary
        var details: [String] = []
        if s.merged > 0 { details.append("\(s.merged) merged") }
        if s.conflicts > 0 { details.append(plural(s.conflicts, "conflict")) }
        if s.rejected > 0 { details.append("\(s.rejected) rejected") }
        var text = "Synced with \(report.server): pushed \(s.pushed)"
            + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))") + ", pulled \(s.pulled)."
        if s.fullResync { text += " (Caught up by re-reading everything.)" }
        if s.filesFetched > 0 { text += " Fetched \(plural(s.filesFetched, "file")) for offline reading." }
        if s.filesPending > 0 { text += " \(plural(s.filesPending, "file")) could not be fetched yet." }
        if report.openConflicts > 0 {
            text += "\n\(plural(report.openConflicts, "open conflict")): see `satchel conflicts`."
        }
        if s.rejected > 0 { text += "\nSome changes were refused: see `satchel status`." }
        return text
    }

    /// Syncs once, then live until SIGINT or SIGTERM; failures are reported and retried.
    func watchUntilInterrupted(_ session: Session) async throws {
        let loop = Task { try await watchLoop(session) }
        let trap = SignalTrap([SIGINT, SIGTERM]) { loop.cancel() }
        defer { trap.stop() }
        do {
            try await loop.value
        } catch is CancellationError {
            // Interrupted: the normal way out of --watch.
        }
        if !options.json { Console.current.line("Stopped watching.") }
    }

    private func watchLoop(_ session: Session) async throws {
        let console = Console.current
        do {
            try await syncOnce(session)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            console.err("satchel: \(CLIError.from(error).message) Retrying in the background.\n")
        }
        try await SyncWatch(session: session, fallbackInterval: interval, json: options.json).run()
        throw CancellationError()
    }
}
