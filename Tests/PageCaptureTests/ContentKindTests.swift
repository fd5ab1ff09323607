import SatchelPageCapture
import Testing

@Suite("What a response holds")
struct ContentKindTests {
    @Test("bytes win over a declaration they contradict")
    func sniffing() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]
        #expect(PageContentKind.classify(mediaType: "text/html", body: Array("<p>hi".utf8)) == .page)
        #expect(PageContentKind.classify(mediaType: "application/xhtml+xml", body: Array("<?xml?><html>".utf8)) == .page)
        #expect(PageContentKind.classify(mediaType: "text/html", body: png) == .file(mediaType: "image/png"))
        #expect(PageContentKind.classify(mediaType: nil, body: Array("  <!DOCTYPE html><p>".utf8)) == .page)
        #expect(PageContentKind.classify(mediaType: "application/octet-stream", body: Array("%PDF-1.4".utf8)) == .file(mediaType: "application/pdf"))
        #expect(PageContentKind.classify(mediaType: "image/jpeg", body: png) == .file(mediaType: "image/png"))
        #expect(PageContentKind.classify(mediaType: "image/gif", body: Array("<html>".utf8)) == .unsupported(mediaType: "image/gif (but not an image)"))
        #expect(PageContentKind.classify(mediaType: "application/json", body: Array("{}".utf8)) == .unsupported(mediaType: "application/json"))
        #expect(PageContentKind.classify(mediaType: "text/plain", body: Array("just text".utf8)) == .unsupported(mediaType: "text/plain"))
        #expect(PageContentKind.classify(mediaType: nil, body: []) == .unsupported(mediaType: "an undeclared type"))
    }
}
