import ArgumentParser
import Foundation
import SatchelClient
import SatchelFeeds
import SatchelShared

/// `satchel follows`: the follows, with how their polling goes; `check`, `import` and `export` below it.
struct Follows: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List what you follow, with each feed's last check, last error, next check and item count.",
        discussion: """
            Example:
              satchel follows
              satchel follows check 3f2a
              satchel follows import subscriptions.opml
              satchel follows export follows.opml
            """,
        subcommands: [Listing.self, Check.self, ImportOPML.self, ExportOPML.self],
        defaultSubcommand: Listing.self)

    /// `satchel follows [list]`.
    struct Listing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the follows (the default).",
            discussion: """
                Online, each feed shows its last check, last error, next check and the items it delivered; offline, \
                the follows this machine knows.

                Example:
                  satchel follows list --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let session = try Session.open(options)
            if let api = session.api, api.token != nil, !options.offline, await session.serverIsReachable() {
                let list: FollowList
                do { list = try await api.follows() } catch { throw CLIError.from(error) }
                _ = await session.syncAfterChange()
                return try session.emit(list) { Self.text(list.follows) }
            }
            // Offline: the synced records, without the server's polling state.
            let local = try session.store.follows().map {
                FollowStatus(follow: $0, feedUrl: nil, lastCheckedAt: nil, lastError: nil, nextCheckAt: nil, itemCount: 0)
            }
            try session.emit(FollowList(follows: local)) { Self.text(local) + (local.isEmpty ? "" : "(offline: no check times)\n") }
        }

        static func text(_ follows: [FollowStatus]) -> String {
            guard !follows.isEmpty else { return "You follow nothing yet; `satchel follow URL` starts." }
            return follows.map { status in
                let follow = status.follow
                var line = "\(IDResolver.short(follow.id))  \(follow.name.isEmpty ? follow.target : follow.name)"
                line += follow.kind == .author ? "  (author \(follow.target))" : "  \(status.feedUrl ?? follow.target)"
                if follow.delivery == .inbox { line += "  → inbox" }
                if follow.kind == .feed {
                    line += "\n      last check: " + (status.lastCheckedAt.map(SatchelJSON.string(from:)) ?? "not yet")
                    line += " · next: " + (status.nextCheckAt.map(SatchelJSON.string(from:)) ?? "-")
                    line += " · items: \(status.itemCount)"
                    if let error = status.lastError { line += "\n      last error: \(error)" }
                }
                return line
            }.joined(separator: "\n") + "\n"
        }
    }

    /// `satchel follows check [ID]`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the server to check a followed feed now (or every one); rate-limited.",
            discussion: """
                Example:
                  satchel follows check 3f2a
                """)

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The follow's id or short id; every feed followed when omitted.") var id: String?

        func run() async throws {
            let session = try Session.open(options)
            let api = try session.signedInAPI()
            let ids: [UUID]
            if let id {
                ids = [try IDResolver.resolve(id, among: session.store.follows().map(\.id), kind: "follow")]
            } else {
                ids = try session.store.follows().filter { $0.kind == .feed }.map(\.id)
            }
            var checked: [FollowStatus] = []
            for followId in ids {
                do {
                    checked.append(try await api.checkFollow(followId))
                } catch {
                    // Past the server's limit (or any failure) after some checks: say how far it got.
                    let failure = CLIError.from(error)
                    guard !checked.isEmpty else { throw failure }
                    throw CLIError("Asked for \(checked.count) of \(ids.count) checks; then: \(failure.message)", exitCode: failure.exitCode)
                }
            }
            try session.emit(FollowList(follows: checked)) {
                checked.isEmpty ? "No feed to check." : "Asked the server to check \(checked.count == 1 ? "1 feed" : "\(checked.count) feeds") now; `satchel follows` shows the outcome."
            }
        }
    }

    /// `satchel follows import FILE`.
    struct ImportOPML: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Follow every feed of an OPML subscription list (from any feed reader).",
            discussion: """
                Feeds already followed are skipped. A file over 4 MiB, with more than 10,000 outlines or with XML \
                entity declarations is refused whole, before anything is followed.

                Example:
                  satchel follows import subscriptions.opml --inbox
                """)

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The OPML file.") var file: String
        @Flag(help: "Deliver their new posts to the inbox instead of the reading list.") var inbox = false

        func run() async throws {
            let session = try Session.open(options)
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("Cannot read \(file).") }
            let outlines: [OPMLOutline]
            do { outlines = try OPML.read([UInt8](data)) } catch { throw CLIError("\(file) was not imported: \(error).") }
            let known = Set(try session.store.follows().map(\.target))
            var added = 0
            for outline in outlines where !known.contains(outline.feedURL) {
                try session.store.addFollow(
                    kind: .feed, target: outline.feedURL, name: outline.title ?? "", siteURL: outline.siteURL ?? "",
                    delivery: inbox ? .inbox : .readingList)
                added += 1
            }
            let outcome = await session.syncAfterChange()
            try session.emit(["followed": added, "alreadyFollowed": outlines.count - added]) {
                "Followed \(added) of \(outlines.count) feeds (\(outlines.count - added) already followed). \(outcome.message)"
            }
        }
    }

    /// `satchel follows export [FILE]`.
    struct ExportOPML: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write the feeds you follow as an OPML subscription list (to a file, or standard output).",
            discussion: """
                Example:
                  satchel follows export follows.opml
                """)

        @OptionGroup var options: GlobalOptions
        @Argument(help: "Where to write; standard output when omitted.") var file: String?

        func run() async throws {
            let session = try Session.open(options)
            let outlines = try session.store.follows().filter { $0.kind == .feed }.map {
                OPMLOutline(feedURL: $0.target, title: $0.name.isEmpty ? nil : $0.name, siteURL: $0.siteURL.isEmpty ? nil : $0.siteURL)
            }
            let text = OPML.write(outlines, title: "Satchel follows")
            guard let file else { return Console.current.out(text) }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            } catch {
                throw CLIError("Cannot write \(file).")
            }
            Console.current.out("Wrote \(outlines.count) feeds to \(file).\n")
        }
    }
}
