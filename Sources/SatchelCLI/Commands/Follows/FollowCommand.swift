import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

/// `satchel follow USERNAME|URL`: follows an author of the server or any site's feed.
struct FollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow an author of your server, or a site: its new posts arrive in your reading list.",
        discussion: """
            An address may be a feed (Atom, RSS, JSON Feed) or a page that advertises one. The server checks it at \
            once and then polls it, so new posts arrive even while this machine is off: captured into the reading \
            list and tagged with the follow's name, or with --inbox into `satchel inbox` to save from. A new follow \
            brings the site's latest few posts, not its archive. The follow syncs: `satchel unfollow` on any machine \
            ends it everywhere.

            Example:
              satchel follow https://example.com/blog
              satchel follow grace --inbox
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "An author's username on your server, or a site's or feed's http(s) address.") var target: String
    @Option(help: "The name to show and to tag its posts with (the feed's title by default).") var name: String?
    @Flag(help: "Deliver new posts to the inbox instead of the reading list.") var inbox = false

    func run() async throws {
        let session = try Session.open(options)
        let api = try session.signedInAPI()
        let status: FollowStatus
        do {
            status = try await api.follow(FollowRequest(target: target, name: name, delivery: inbox ? .inbox : nil))
        } catch {
            throw CLIError.from(error)
        }
        _ = await session.syncAfterChange()
        try session.emit(status) {
            let what = status.follow.kind == .author ? "the author \(status.follow.target)" : status.feedUrl ?? status.follow.target
            let whereTo = status.follow.delivery == .inbox ? "the inbox" : "the reading list"
            return "\(IDResolver.short(status.follow.id)) Following \"\(status.follow.name)\" (\(what)); new posts go to \(whereTo)."
        }
    }
}

/// `satchel unfollow ID`: ends a follow on every machine.
struct Unfollow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop following: on every machine, after sync.",
        discussion: """
            Example:
              satchel unfollow 3f2a
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The follow's id, or the short id `satchel follows` shows.") var id: String

    func run() async throws {
        let session = try Session.open(options)
        let followId = try IDResolver.resolve(id, among: session.store.follows().map(\.id), kind: "follow")
        let follow = try session.store.follow(followId)
        try session.store.unfollow(followId)
        let outcome = await session.syncAfterChange()
        try session.emit(["id": followId.uuidString]) {
            "Unfollowed \"\(follow?.name ?? followId.uuidString)\". \(outcome.message)"
        }
    }
}
