import Foundation
import SatchelPageCapture
import SatchelShared
import SatchelSync
import Testing

@Suite("A capture written into a saved article's fields")
struct CaptureRecordFieldsTests {
    private func capture() async throws -> PageCapture {
        let fetcher = CannedFetcher(answers: [
            "https://news.example/h": .body(mediaType: "text/html", bytes: Fixtures.article(images: ["/a.png"]), finalURL: "https://news.example/harbour"),
            "https://news.example/a.png": .body(mediaType: "image/png", bytes: Fixtures.png),
        ])
        return try await PageCapturer(fetcher: fetcher).capture(url: "https://news.example/h")
    }

    private func fields(title: String) -> [String: JSONValue] {
        var fields = SyncSchema.defaults(of: .savedArticle)
        fields["url"] = .string("https://news.example/h")
        fields["title"] = .string(title)
        fields["siteName"] = .string("news.example")
        fields["savedAt"] = .string("2026-12-07T09:00:00Z")
        return fields
    }

    @Test("the page's title, site and byline replace the host placeholders; the final URL, files and status are set")
    func fillsPlaceholders() async throws {
        let capture = try await capture()
        var fields = fields(title: "news.example")
        CaptureRecordFields.apply(capture, to: &fields, at: Date(timeIntervalSince1970: 1_800_000_000))
        let article = SavedArticle(id: UUID(), fields: fields, updatedAt: Date(), deleted: false)
        #expect(article.title == "The Quiet Harbour")
        #expect(article.siteName == "Harbour News")
        #expect(article.byline == "Ada Lovelace")
        #expect(article.finalUrl == "https://news.example/harbour")
        #expect(article.url == "https://news.example/h")
        #expect(article.captureStatus == .captured)
        #expect(article.captureDigest == capture.main.attachment.digest)
        #expect(article.attachments.count == 2)
        #expect(article.readingMinutes >= 1)
        // Every value the schema checks passes: the record can be pushed as it is.
        for (name, value) in fields where name != "id" {
            #expect(SyncSchema.fields(of: .savedArticle)[name]?.type.check(value) == nil, "\(name)")
        }
    }

    @Test("a title the reader set stays; a failure keeps the earlier copy")
    func keepsReaderTitleAndOldCopy() async throws {
        let capture = try await capture()
        var fields = fields(title: "My own title")
        CaptureRecordFields.apply(capture, to: &fields, at: Date())
        #expect(fields["title"] == .string("My own title"))
        CaptureRecordFields.applyFailure("The site refused the request (HTTP 403).", to: &fields)
        let article = SavedArticle(id: UUID(), fields: fields, updatedAt: Date(), deleted: false)
        #expect(article.captureStatus == .failed)
        #expect(article.captureError.contains("403"))
        #expect(article.captureDigest == capture.main.attachment.digest)
    }

    @Test("capturing the same page again adds no attachment twice")
    func idempotentAttachments() async throws {
        let capture = try await capture()
        var fields = fields(title: "news.example")
        CaptureRecordFields.apply(capture, to: &fields, at: Date())
        CaptureRecordFields.apply(capture, to: &fields, at: Date())
        #expect(Attachment.list(fields["attachments"]).count == 2)
    }
}
