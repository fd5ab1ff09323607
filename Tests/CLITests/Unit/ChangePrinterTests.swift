import Foundation
import SatchelClient
import Testing
@testable import SatchelCLI

@Suite("sync --watch change lines")
struct ChangePrinterTests {
    @Test("an article or draft added, changed or removed since the last look gets one line naming it")
    func lines() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try LocalStore(path: path, server: nil)
        let kept = try store.saveArticle(url: "https://example.com/kept", title: "Kept")
        let printer = ChangePrinter(store: store)
        #expect(printer.linesForChanges().isEmpty, "nothing changed since the printer looked")

        let draft = try store.createDraft(title: "A draft", body: "text")
        _ = try store.updateArticle(kept.id) { $0.title = "Kept, retitled" }
        let changed = printer.linesForChanges()
        #expect(changed.count == 2)
        #expect(changed.contains { $0.text.hasPrefix("added    draft") && $0.text.hasSuffix("A draft") })
        #expect(changed.contains { $0.json.contains(#""change":"updated""#) && $0.json.contains(kept.id.uuidString) })

        try store.deleteDraft(draft.id)
        let removed = printer.linesForChanges()
        #expect(removed.map(\.json) == [
            #"{"change":"removed","id":"\#(draft.id.uuidString)","kind":"draft","title":"A draft"}"#,
        ])
    }
}
