import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
@testable import SatchelServer

@Suite("Two machines over real HTTP through libcurl")
struct TwoMachineSyncTests {
    @Test("an article saved on A appears on B")
    func articleTravels() async throws {
        try await TwoMachines.run { m in
            let saved = try m.a.saveArticle(url: "https://example.com/essay", title: "An essay", tags: ["Long Read"])
            #expect(try m.a.article(saved.id)?.state == .pending)
            try await m.a.sync()
            #expect(try m.a.article(saved.id)?.state == .synced)
            try await m.b.sync()
            let onB = try #require(try m.b.article(saved.id))
            #expect(onB.value.title == "An essay" && onB.value.tags == ["long read"] && onB.state == .synced)
        }
    }

    @Test("different paragraphs edited offline on both machines merge; overlapping edits keep both texts")
    func draftParagraphs() async throws {
        try await TwoMachines.run { m in
            let base = "Para one.\n\nPara two.\n\nPara three.\n"
            let draft = try m.a.createDraft(title: "Essay", body: base)
            try await m.a.sync()
            try await m.b.sync()
            try m.a.updateDraft(draft.id, body: base.replacingOccurrences(of: "Para one.", with: "Para one, from A."))
            try m.b.updateDraft(draft.id, body: base.replacingOccurrences(of: "Para three.", with: "Para three, from B."))
            try await m.a.sync()
            try await m.b.sync()
            try await m.a.sync()
            let merged = "Para one, from A.\n\nPara two.\n\nPara three, from B.\n"
            #expect(try m.a.draft(draft.id)?.value.body == merged)
            #expect(try m.b.draft(draft.id)?.value.body == merged)

            try m.a.updateDraft(draft.id, body: merged.replacingOccurrences(of: "Para two.", with: "Two as A sees it."))
            try m.b.updateDraft(draft.id, body: merged.replacingOccurrences(of: "Para two.", with: "Two as B sees it."))
            try await m.a.sync()
            let summary = try await m.b.sync()
            #expect(summary.conflicts == 1)
            try await m.a.sync()
            for machine in [m.a, m.b] {
                let conflicts = try machine.conflicts()
                #expect(conflicts.count == 1, "the conflict record reaches both machines")
                let conflict = try #require(conflicts.first)
                let texts = [conflict.local.stringValue ?? "", conflict.remote.stringValue ?? ""]
                #expect(texts.contains { $0.contains("Two as A sees it.") } && texts.contains { $0.contains("Two as B sees it.") })
                #expect(try machine.draft(draft.id)?.state == .conflicted)
            }
            // Resolving on B keeps both texts and clears the conflict everywhere.
            let conflictId = try #require(try m.b.conflicts().first).id
            try m.b.resolve(conflictId, .both)
            // A resolved conflict, and an id naming none, are not open conflicts: resolving them is refused.
            #expect(throws: LocalStoreError.notFound("The open conflict \(conflictId)")) { try m.b.resolve(conflictId, .mine) }
            let unknown = UUID()
            #expect(throws: LocalStoreError.notFound("The open conflict \(unknown)")) { try m.b.resolve(unknown, .theirs) }
            try await m.b.sync()
            try await m.a.sync()
            #expect(try m.a.conflicts().isEmpty && m.b.conflicts().isEmpty)
            let resolved = try #require(try m.a.draft(draft.id)?.value.body)
            #expect(resolved.contains("Two as A sees it.") && resolved.contains("Two as B sees it."))
            #expect(try m.b.draft(draft.id)?.value.body == resolved)
        }
    }

    @Test("archive on A and progress on B both hold everywhere")
    func archiveAndProgress() async throws {
        try await TwoMachines.run { m in
            let article = try m.a.saveArticle(url: "https://example.com/a")
            try await m.a.sync()
            try await m.b.sync()
            try m.a.archive(article.id)
            try m.b.setProgress(article.id, 0.6)
            try await m.a.sync()
            try await m.b.sync()
            try await m.a.sync()
            for machine in [m.a, m.b] {
                let value = try #require(try machine.article(article.id)).value
                #expect(value.archived && value.readingProgress == 0.6)
            }
        }
    }

    @Test("delete on A, edit on B: the edit is kept, with a conflict record")
    func deleteVersusEdit() async throws {
        try await TwoMachines.run { m in
            let article = try m.a.saveArticle(url: "https://example.com/d")
            try await m.a.sync()
            try await m.b.sync()
            try m.a.deleteArticle(article.id)
            try m.b.setNote(article.id, "I still want this")
            try await m.a.sync()
            try await m.b.sync()
            try await m.a.sync()
            for machine in [m.a, m.b] {
                #expect(try machine.article(article.id)?.value.note == "I still want this")
                #expect(try machine.conflicts().map(\.field) == ["deleted"])
            }
        }
    }

    @Test("a comment queued offline is posted exactly once when the first push's response is lost")
    func commentExactlyOnce() async throws {
        let loser = LockedBox<LoseFirstPushResponse?>(nil)
        try await TwoMachines.run(wrapA: { inner in
            let wrapper = LoseFirstPushResponse(inner)
            loser.set(wrapper)
            return wrapper
        }) { m in
            let post = try await m.publishedPost(slug: "on-trains", title: "On trains")
            let queued = try m.a.queueComment(postId: post.id, body: "Written between stations")
            #expect(try m.a.queuedComments().first?.state == .pending)
            try await m.a.sync()
            #expect(loser.value?.didLose == true, "the first response was really lost")
            let comments = try await m.api.comments(postId: post.id)
            #expect(comments.items.map(\.id) == [queued.id], "exactly one comment on the server")
            let delivered = try #require(try m.a.queuedComments().first)
            #expect(delivered.state == .synced && delivered.moderation == .approved)

            // A moderator's later decision reaches the machine that wrote the comment on its next sync.
            _ = try await m.dependencies.comments.setStatus(.spam, forComment: queued.id, at: Date())
            try await m.a.sync()
            #expect(try m.a.queuedComments().first?.moderation == .spam)
        }
    }
}

/// A value shared between a test and the closures it hands out.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func set(_ value: Value) { lock.withLock { stored = value } }
}
