import Foundation
import SatchelShared
import Testing
@testable import SatchelClient

/// A change log longer than one push: each answer moves the base of the record's later mutations, so the
/// server sees the machine's own earlier writes as seen, as it does inside one push.
@Suite("A change log pushed over several pushes")
struct SplitPushTests {
    @Test("an edit and a delete pushed one per push do not conflict with each other")
    func editThenDeleteAcrossPushes() async throws {
        try await TwoMachines.run { machines in
            let article = try machines.a.saveArticle(url: "https://example.test/split", title: "first")
            try await machines.a.sync()
            try machines.a.updateArticle(article.id) { $0.title = "second" }
            try machines.a.setNote(article.id, "a note")
            try machines.a.deleteArticle(article.id)
            await machines.a.engine?.setPushBatchSize(1)
            let summary = try await machines.a.sync()
            #expect(summary.pushed == 3 && summary.conflicts == 0 && summary.merged == 0)
            #expect(try machines.a.article(article.id) == nil)
            #expect(try machines.a.conflicts().isEmpty)
            try await machines.b.sync()
            #expect(try machines.b.article(article.id) == nil)
        }
    }

    @Test("another machine's edit between the pushes still wins over the delete")
    func otherMachineBetweenPushes() async throws {
        try await TwoMachines.run { machines in
            let article = try machines.a.saveArticle(url: "https://example.test/split-other", title: "first")
            try await machines.a.sync()
            try await machines.b.sync()
            try machines.a.updateArticle(article.id) { $0.title = "second" }
            try machines.a.deleteArticle(article.id)
            try machines.b.tag(article.id, add: ["kept"])
            try await machines.b.sync()
            await machines.a.engine?.setPushBatchSize(1)
            let summary = try await machines.a.sync()
            #expect(summary.conflicts == 1, "the delete met the tag it never saw")
            let kept = try #require(try machines.a.article(article.id)?.value)
            #expect(kept.tags == ["kept"] && kept.title == "second")
        }
    }
}
