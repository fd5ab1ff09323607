import SatchelClient
import Foundation
import Logging
import SatchelShared

/// `satchel sync --watch` in live mode: one long-poll kept open by ``BackgroundSync``, a line printed for
/// each article or draft that another machine changed, as it arrives.
struct SyncWatch {
    let session: Session
    let fallbackInterval: Double
    let json: Bool

    /// Runs until the task is cancelled (Ctrl-C).
    func run() async throws {
        let console = Console.current
        let printer = ChangePrinter(store: session.store)
        let json = self.json
        var logger = Logger(label: "satchel.watch")
        logger.logLevel = .critical
        let sync = BackgroundSync(
            store: session.store,
            configuration: .init(
                delayAfterChange: .milliseconds(200),
                live: .init(fallbackInterval: fallbackInterval, firstRetry: min(0.5, fallbackInterval))),
            logger: logger,
            onSync: { result in
                switch result {
                case .success(let summary):
                    guard summary.pulled > 0 || summary.pushed > 0 else { return }
                    for line in printer.linesForChanges() {
                        console.line(json ? line.json : line.text)
                    }
                case .failure(let error):
                    console.err("satchel: \(CLIError.from(error).message) Retrying.\n")
                }
            })
        // Pages waiting for capture (an import's, say) are captured in the background, politely; each
        // capture is a local change the sync loop pushes.
        let queue = try session.captureQueue()
        let capturing = Task {
            while !Task.isCancelled {
                let events = (try? await queue.run(onlyDue: true)) ?? []
                for event in events {
                    let text = CaptureCommand.line(event.article, failure: event.failure, failedImages: event.failedImages)
                    let line = JSONValue.object([
                        "change": .string("captured"), "kind": .string("article"), "id": .string(event.article.id.uuidString),
                        "title": .string(event.article.title), "captureStatus": .string(event.article.captureStatus.rawValue),
                        "captureError": .string(event.article.captureError),
                    ])
                    console.line(json ? line.jsonText : "captured " + text)
                }
                try? await Task.sleep(for: .seconds(events.isEmpty ? 30 : 1))
            }
        }
        defer { capturing.cancel() }
        try await sync.run()
    }
}

/// Remembers what the reading list and drafts looked like and describes what changed since.
/// `@unchecked Sendable`: `last` is guarded by `lock`; called from the sync loop only.
final class ChangePrinter: @unchecked Sendable {
    struct Line {
        var text: String
        var json: String
    }

    private struct Seen: Equatable {
        var title: String
        var updatedAt: Date
    }

    /// An article or a draft, by kind and id.
    private struct Key: Hashable {
        var kind: String
        var id: UUID
    }

    private let store: LocalStore
    private let lock = NSLock()
    private var last: [Key: Seen]

    init(store: LocalStore) {
        self.store = store
        self.last = Self.snapshot(store)
    }

    /// One line per article or draft added, changed or removed since the last call.
    func linesForChanges() -> [Line] {
        let now = Self.snapshot(store)
        return lock.withLock {
            defer { last = now }
            var lines: [Line] = []
            for (key, seen) in now.sorted(by: { $0.value.updatedAt < $1.value.updatedAt }) where last[key] != seen {
                lines.append(Self.line(key, seen.title, last[key] == nil ? "added" : "updated"))
            }
            for (key, seen) in last where now[key] == nil {
                lines.append(Self.line(key, seen.title, "removed"))
            }
            return lines
        }
    }

    private static func line(_ key: Key, _ title: String, _ change: String) -> Line {
        let (kind, id) = (key.kind, key.id)
        let json = JSONValue.object([
            "change": .string(change), "kind": .string(kind), "id": .string(id.uuidString), "title": .string(title),
        ]).jsonText
        return Line(text: "\(change.padding(toLength: 8, withPad: " ", startingAt: 0)) \(kind) \(IDResolver.short(id))  \(title)", json: json)
    }

    private static func snapshot(_ store: LocalStore) -> [Key: Seen] {
        var seen: [Key: Seen] = [:]
        for article in (try? store.articles()) ?? [] {
            seen[Key(kind: "article", id: article.value.id)] = Seen(title: article.value.title, updatedAt: article.value.updatedAt)
        }
        for draft in (try? store.drafts()) ?? [] {
            seen[Key(kind: "draft", id: draft.value.id)] = Seen(title: draft.value.title, updatedAt: draft.value.updatedAt)
        }
        return seen
    }
}
