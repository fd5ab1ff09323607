import Foundation
import Testing
import SatchelShared
import SatchelSync

/// Digests, attachment objects, the schema's check of an attachments field and their set merge.
@Suite("Attachments in records")
struct AttachmentRulesTests {
    static let hex = String(repeating: "ab", count: 32)
    static let digest = BlobDigest("sha256:" + hex)!

    static func attachment(_ digest: String = "sha256:" + hex, name: String = "paper.pdf", size: Double = 10) -> JSONValue {
        .object(["digest": .string(digest), "size": .number(size), "mediaType": .string("application/pdf"), "name": .string(name)])
    }

    @Test("a digest is sha256: and 64 lower-case hex digits, nothing else", arguments: [
        "sha256:" + String(repeating: "AB", count: 32), "sha256:" + String(repeating: "ab", count: 31),
        "sha256:" + String(repeating: "ab", count: 33), "sha512:" + String(repeating: "ab", count: 32),
        "sha256:../" + String(repeating: "a", count: 61), "sha256:" + String(repeating: "g", count: 64),
        String(repeating: "ab", count: 32), "", "sha256:" + String(repeating: "ab", count: 31) + "a\u{0}",
    ])
    func badDigests(_ text: String) {
        #expect(BlobDigest(text) == nil)
    }

    @Test("the digest of bytes is their SHA-256 in hex")
    func digestOfBytes() {
        // SHA-256 of the empty string.
        let empty: [UInt8] = [
            0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
            0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
        ]
        let digest = BlobDigest(sha256: empty)
        #expect(digest.text == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(BlobDigest(digest.text) == digest && digest.hex.count == 64)
    }

    @Test("attachment objects: every member checked, names without paths or control characters")
    func attachmentObjects() {
        #expect(AttachmentRules.problem(Self.attachment()) == nil)
        #expect(Attachment(json: Self.attachment())?.digest == Self.digest)
        #expect(AttachmentRules.problem(Self.attachment("sha256:xyz")) != nil)
        #expect(AttachmentRules.problem(Self.attachment(size: -1)) != nil)
        #expect(AttachmentRules.problem(Self.attachment(size: 1.5)) != nil)
        for name in ["", "../etc/passwd", "a/b", "a\\b", "bad\u{7}name", ".", "..", String(repeating: "n", count: 256)] {
            #expect(AttachmentRules.problem(Self.attachment(name: name)) != nil, "\(name)")
        }
        guard case .object(var members) = Self.attachment() else { return }
        members["extra"] = .bool(true)
        #expect(AttachmentRules.problem(.object(members)) == "has an unknown member 'extra'")
        members["extra"] = nil
        members["mediaType"] = .string("Application/PDF")
        #expect(AttachmentRules.problem(.object(members)) != nil)
        #expect(AttachmentRules.isMediaType("application/epub+zip") && !AttachmentRules.isMediaType("text/html; charset=x"))
    }

    @Test("the schema refuses a malformed attachments field, too many, and a digest twice")
    func schema() {
        func validate(_ value: JSONValue) -> String? {
            SyncSchema.validate(Mutation(
                entity: .savedArticle, recordId: UUID(), op: .update, baseVersion: 1,
                hlc: HLCTimestamp(wallMillis: 1, counter: 0, node: "n"),
                fields: ["attachments": FieldChange(base: nil, value: value)]))
        }
        #expect(validate(.array([Self.attachment()])) == nil)
        #expect(validate(.array([Self.attachment(), Self.attachment(name: "again.pdf")])) != nil)
        #expect(validate(.array([.string("sha256:" + Self.hex)])) != nil)
        #expect(validate(.string("x")) != nil)
        let many = (0..<1_001).map { index in
            Self.attachment("sha256:" + String(repeating: "0", count: 60) + String(format: "%04x", index))
        }
        #expect(validate(.array(many)) != nil)
    }

    @Test("attachments merge as a set by digest: both sides' additions kept, removals hold, sorted")
    func setMerge() {
        let a = Self.attachment("sha256:" + String(repeating: "a", count: 64), name: "a.pdf")
        let b = Self.attachment("sha256:" + String(repeating: "b", count: 64), name: "b.pdf")
        let c = Self.attachment("sha256:" + String(repeating: "c", count: 64), name: "c.pdf")
        #expect(MergeRules.attachments(base: [a], local: [a, c], remote: [b, a]) == [a, b, c])
        #expect(MergeRules.attachments(base: [a, b], local: [b], remote: [a, b, c]) == [b, c])
        let renamed = Self.attachment("sha256:" + String(repeating: "a", count: 64), name: "renamed.pdf")
        #expect(MergeRules.attachments(base: [a], local: [a], remote: [renamed]) == [renamed])
    }
}
