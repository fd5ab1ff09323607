import Foundation
import Testing
@testable import SatchelShared
@testable import SatchelSync

@Suite("Record merge")
struct RecordMergeTests {
    let early = HLCTimestamp(wallMillis: 1_000, counter: 0, node: "a")
    let late = HLCTimestamp(wallMillis: 2_000, counter: 0, node: "b")

    func article(_ overrides: [String: JSONValue]) -> [String: JSONValue] {
        SyncSchema.fields(of: .savedArticle).mapValues(\.defaultValue).merging(overrides) { $1 }
    }

    @Test("fields only the incoming side changed are applied as sent")
    func oneSided() {
        let stored = article(["note": .string("n"), "favorite": .bool(true)])
        let outcome = RecordMerge.merge(entity: .savedArticle, stored: stored, stamps: [:],
            changes: ["note": FieldChange(base: .string("n"), value: .string("m"))], stamp: late)
        #expect(outcome.status == .applied)
        #expect(outcome.fields["note"] == .string("m") && outcome.fields["favorite"] == .bool(true))
        #expect(outcome.stamps["note"] == late)
    }

    @Test("both sides changed: each field takes its typed rule")
    func typed() {
        let stored = article(["readingProgress": .number(0.7), "tags": .array([.string("x"), .string("y")]),
                              "title": .string("stored"), "note": .string("one\n\ntwo\n")])
        let outcome = RecordMerge.merge(entity: .savedArticle, stored: stored, stamps: ["title": early], changes: [
            "readingProgress": FieldChange(base: .number(0.1), value: .number(0.5)),
            "tags": FieldChange(base: .array([.string("x")]), value: .array([.string("z")])),
            "title": FieldChange(base: .string("base"), value: .string("incoming")),
            "note": FieldChange(base: .string("one\n\n2\n"), value: .string("ONE\n\n2\n")),
        ], stamp: late)
        #expect(outcome.fields["readingProgress"] == .number(0.7))
        #expect(outcome.fields["tags"] == .array([.string("y"), .string("z")]))
        #expect(outcome.fields["title"] == .string("incoming"))
        #expect(outcome.fields["note"] == .string("ONE\n\ntwo\n"))
        #expect(outcome.status == .merged)
    }

    @Test("overlapping text edits keep the stored text and report both")
    func conflict() {
        let outcome = RecordMerge.merge(entity: .draft, stored: ["body": .string("stored line\n")], stamps: [:],
            changes: ["body": FieldChange(base: .string("base line\n"), value: .string("incoming line\n"))], stamp: late)
        #expect(outcome.status == .conflict)
        #expect(outcome.fields["body"] == .string("stored line\n"))
        #expect(outcome.conflicts == [FieldConflict(field: "body", base: .string("base line\n"), local: .string("stored line\n"),
                                                    remote: .string("incoming line\n"), rule: .threeWayText, kept: .string("stored line\n"))])
    }

    @Test("property: no acknowledged text is lost — every merged body or conflict holds both sides' edits",
          arguments: 0..<4)
    func noLoss(shard: Int) {
        var generator = SeededGenerator(seed: UInt64(0xC0FFEE + shard))
        for _ in 0..<250 {
            let paragraphs = (0..<6).map { "paragraph \($0) \(UInt32.random(in: 0...9_999, using: &generator))" }
            let base = paragraphs.joined(separator: "\n\n") + "\n"
            let i = Int.random(in: 0..<6, using: &generator)
            let j = Int.random(in: 0..<6, using: &generator)
            var local = paragraphs, remote = paragraphs
            local[i] = "local edit \(i)"
            remote[j] = "remote edit \(j)"
            let localText = local.joined(separator: "\n\n") + "\n"
            let remoteText = remote.joined(separator: "\n\n") + "\n"
            let outcome = RecordMerge.merge(entity: .draft, stored: ["body": .string(localText)], stamps: [:],
                changes: ["body": FieldChange(base: .string(base), value: .string(remoteText))], stamp: late)
            let body = outcome.fields["body"]?.stringValue ?? ""
            if let conflict = outcome.conflicts.first {
                #expect(conflict.local == .string(localText) && conflict.remote == .string(remoteText))
            } else {
                #expect(body.contains("local edit \(i)") && body.contains("remote edit \(j)"), "i \(i) j \(j)")
            }
            #expect(outcome.conflicts.isEmpty == (i != j), "disjoint paragraphs merge, the same one conflicts")
        }
    }
}
