import Foundation
import SatchelFetch
import SatchelShared
import Synchronization
import Testing
@testable import SatchelServer

/// `SavedAddressIndex` against a scripted feed: what it answers, and which positions it reads.
@Suite("Saved address index")
struct SavedAddressIndexTests {
    /// A user's feed in memory: changes in version order, a horizon, and every position read.
    final class ScriptedFeed: Sendable {
        private struct State {
            var changes: [SyncChange] = []
            var horizon = 0
            var reads: [Int] = []
        }
        private let state = Mutex(State())
        let pageSize: Int

        init(pageSize: Int = 2) { self.pageSize = pageSize }

        /// Appends a saved article's state (or its tombstone) as the next version.
        func write(_ id: UUID, url: String, finalUrl: String = "", deleted: Bool = false) {
            state.withLock { state in
                state.changes.append(SyncChange(
                    entity: .savedArticle, recordId: id, version: state.changes.count + 1, deleted: deleted,
                    record: .object(["url": .string(url), "finalUrl": .string(finalUrl)])))
            }
        }

        /// Makes positions before `version` expired, as a tombstone purge does.
        func purge(before version: Int) { state.withLock { $0.horizon = version } }

        var reads: [Int] { state.withLock { $0.reads } }

        func page(after: Int) -> (changes: [SyncChange], lastVersion: Int?, hasMore: Bool)? {
            state.withLock { state in
                state.reads.append(after)
                if after > 0 && after < state.horizon { return nil }
                let rest = state.changes.filter { $0.version > after }
                let page = Array(rest.prefix(pageSize))
                return (page, page.last?.version, rest.count > page.count)
            }
        }
    }

    let user = UUID()

    func contains(_ url: String, _ index: SavedAddressIndex, _ feed: ScriptedFeed, user: UUID? = nil) async throws -> Bool {
        try await index.contains(URLNormalizer.normalize(url) ?? url, userId: user ?? self.user) { feed.page(after: $0) }
    }

    @Test("a saved page is found by any spelling of its address, as saved or after redirects; others are not")
    func spellings() async throws {
        let index = SavedAddressIndex()
        let feed = ScriptedFeed()
        feed.write(UUID(), url: "https://example.com/a?utm_source=x", finalUrl: "https://www.example.com/a-final")
        #expect(try await contains("HTTPS://example.com/a#top", index, feed))
        #expect(try await contains("https://www.example.com/a-final/", index, feed))
        #expect(try await !contains("https://example.com/b", index, feed))
        #expect(try await !contains("https://example.com/a", index, ScriptedFeed(), user: UUID()), "another user's list is theirs")
    }

    @Test("a check reads only the changes after the position the previous one applied")
    func readsOnlyNewChanges() async throws {
        let index = SavedAddressIndex()
        let feed = ScriptedFeed(pageSize: 2)
        for n in 0..<5 { feed.write(UUID(), url: "https://example.com/\(n)") }
        #expect(try await contains("https://example.com/4", index, feed))
        #expect(feed.reads == [0, 2, 4])
        #expect(try await !contains("https://example.com/5", index, feed))
        #expect(feed.reads == [0, 2, 4, 5], "nothing new: one read after the last version")
        feed.write(UUID(), url: "https://example.com/5")
        #expect(try await contains("https://example.com/5", index, feed))
        #expect(feed.reads.last == 5)
    }

    @Test("a deleted article's address is free again; a changed address moves; a shared one stays while one remains")
    func deletesAndEdits() async throws {
        let index = SavedAddressIndex()
        let feed = ScriptedFeed()
        let first = UUID(), second = UUID()
        feed.write(first, url: "https://example.com/shared")
        feed.write(second, url: "https://example.com/shared")
        #expect(try await contains("https://example.com/shared", index, feed))
        feed.write(first, url: "https://example.com/shared", deleted: true)
        #expect(try await contains("https://example.com/shared", index, feed), "the second article still holds it")
        feed.write(second, url: "https://example.com/moved")
        #expect(try await !contains("https://example.com/shared", index, feed))
        #expect(try await contains("https://example.com/moved", index, feed))
    }

    @Test("a position older than the horizon starts the user's index again from the beginning")
    func expiredPosition() async throws {
        let index = SavedAddressIndex()
        let feed = ScriptedFeed(pageSize: 10)
        let gone = UUID()
        feed.write(gone, url: "https://example.com/gone")
        #expect(try await contains("https://example.com/gone", index, feed))
        feed.write(gone, url: "https://example.com/gone", deleted: true)
        feed.write(UUID(), url: "https://example.com/kept")
        feed.purge(before: 3)
        #expect(try await !contains("https://example.com/gone", index, feed))
        #expect(try await contains("https://example.com/kept", index, feed))
        #expect(feed.reads.prefix(3) == [0, 1, 0], "the expired position 1 was answered by reading from 0")
    }

    @Test("past its capacity the least recently checked users are dropped, and checked again from their feeds")
    func capacity() async throws {
        let index = SavedAddressIndex(capacity: 4)
        let feeds = (0..<3).map { _ in ScriptedFeed(pageSize: 10) }
        let users = (0..<3).map { _ in UUID() }
        for (feed, n) in zip(feeds, 0...) {
            feed.write(UUID(), url: "https://example.com/\(n)/a")
            feed.write(UUID(), url: "https://example.com/\(n)/b")
        }
        for n in 0..<3 { #expect(try await contains("https://example.com/\(n)/a", index, feeds[n], user: users[n])) }
        #expect(index.count <= 4)
        #expect(try await contains("https://example.com/0/b", index, feeds[0], user: users[0]))
        #expect(feeds[0].reads.last == 0, "the first user had been dropped and was read again from the start")
    }
}
