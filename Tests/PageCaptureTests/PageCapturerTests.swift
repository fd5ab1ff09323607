import Foundation
import SatchelFetch
import SatchelPageCapture
import SatchelShared
import Testing

@Suite("Page capture: classifying, extracting, images")
struct PageCapturerTests {
    let page = "https://news.example/2026/harbour"

    @Test("an article page becomes a readable copy with its images as files; a missing image stays a link")
    func articleWithImages() async throws {
        let fetcher = CannedFetcher(answers: [
            page: .body(mediaType: "text/html", bytes: Fixtures.article(images: ["/a.png", "https://cdn.example/b.jpg", "/gone.png"])),
            "https://news.example/a.png": .body(mediaType: "image/png", bytes: Fixtures.png),
            "https://cdn.example/b.jpg": .body(mediaType: "image/jpeg", bytes: Fixtures.jpeg),
        ])
        let capture = try await PageCapturer(fetcher: fetcher).capture(url: page)
        let article = try #require(capture.article)
        #expect(article.title == "The Quiet Harbour")
        #expect(article.byline == "Ada Lovelace")
        #expect(article.siteName == "Harbour News")
        #expect(article.wordCount > 200)
        #expect(capture.images.map(\.attachment.mediaType) == ["image/png", "image/jpeg"])
        #expect(capture.failedImages == 1)
        #expect(article.images.map(\.url) == ["https://news.example/a.png", "https://cdn.example/b.jpg", "https://news.example/gone.png"])
        #expect(article.images[0].digest == capture.images[0].attachment.digest.text)
        #expect(article.images[2].digest == nil)
        #expect(capture.main.attachment.name == "article.json")
        #expect(try CapturedArticle.decode(capture.main.bytes) == article)
    }

    @Test("an image the server calls image/png but that is HTML is not kept")
    func lyingImage() async throws {
        let fetcher = CannedFetcher(answers: [
            page: .body(mediaType: "text/html", bytes: Fixtures.article(images: ["/fake.png"])),
            "https://news.example/fake.png": .body(mediaType: "image/png", bytes: Array("<html>nope</html>".utf8)),
        ])
        let capture = try await PageCapturer(fetcher: fetcher).capture(url: page)
        #expect(capture.images.isEmpty)
        #expect(capture.failedImages == 1)
    }

    @Test("a PDF (even one served as text/html) is kept as the file itself")
    func pdfKeptAsFile() async throws {
        for declared in ["application/pdf", "text/html", nil] {
            let fetcher = CannedFetcher(answers: [
                "https://papers.example/p/attention.pdf": .body(mediaType: declared, bytes: Fixtures.pdf),
            ])
            let capture = try await PageCapturer(fetcher: fetcher).capture(url: "https://papers.example/p/attention.pdf")
            #expect(capture.article == nil)
            #expect(capture.main.attachment.mediaType == "application/pdf")
            #expect(capture.main.attachment.name == "attention.pdf")
        }
    }

    @Test("types Satchel does not save are refused with the type named")
    func unsupportedTypes() async throws {
        let cases: [(String?, [UInt8])] = [
            ("application/zip", [0x50, 0x4B, 0x03, 0x04]), ("application/pdf", Array("not a pdf".utf8)),
            ("image/svg+xml", Array("<svg/>".utf8)), (nil, [0, 1, 2, 3]),
        ]
        for (declared, bytes) in cases {
            let fetcher = CannedFetcher(answers: [page: .body(mediaType: declared, bytes: bytes)])
            await #expect(throws: CaptureFailure.self) { try await PageCapturer(fetcher: fetcher).capture(url: page) }
            do {
                _ = try await PageCapturer(fetcher: fetcher).capture(url: page)
            } catch let failure as CaptureFailure {
                #expect(failure.kind == .unsupported)
                #expect(failure.reason.contains("Satchel saves web pages, PDFs and images"))
            }
        }
    }

    @Test("a bot wall and a page without an article are failures, with reasons")
    func botWallAndEmptyPage() async throws {
        let wall = Array("<html><head><title>Just a moment...</title></head><body><p>Checking your browser before accessing the site. This may take a few seconds and needs JavaScript enabled in your browser please.</p></body></html>".utf8)
        let empty = Array("<html><head><title>Home</title></head><body><p>Hi.</p></body></html>".utf8)
        for (bytes, expected) in [(wall, "bot check"), (empty, "No article was found")] {
            let fetcher = CannedFetcher(answers: [page: .body(mediaType: "text/html", bytes: bytes)])
            do {
                _ = try await PageCapturer(fetcher: fetcher).capture(url: page)
                Issue.record("expected a failure")
            } catch let failure as CaptureFailure {
                #expect(failure.reason.contains(expected), "\(failure.reason)")
            }
        }
    }

    @Test("fetch errors become failures of the right kind")
    func fetchErrors() async throws {
        let cases: [(FetchError, CaptureFailure.Kind)] = [
            (.refusedAddress(host: "localhost", address: "127.0.0.1", reason: "loopback"), .refused),
            (.refusedPort(22), .refused), (.httpStatus(403), .unreachable), (.httpStatus(404), .unsupported),
            (.timedOut(seconds: 20), .unreachable), (.tooLarge(limit: 10 << 20), .unreachable),
        ]
        for (error, kind) in cases {
            let fetcher = CannedFetcher(answers: [page: .failure(error)])
            do {
                _ = try await PageCapturer(fetcher: fetcher).capture(url: page)
                Issue.record("expected a failure for \(error)")
            } catch let failure as CaptureFailure {
                #expect(failure.kind == kind, "\(error)")
                #expect(!failure.reason.isEmpty)
            }
        }
    }

    @Test("given HTML is captured without fetching the page; only its images are fetched")
    func providedHTML() async throws {
        let fetcher = CannedFetcher(answers: ["https://news.example/a.png": .body(mediaType: "image/png", bytes: Fixtures.png)])
        let capture = try await PageCapturer(fetcher: fetcher).capture(
            url: page, html: Fixtures.article(title: "Behind the Paywall", images: ["/a.png"]))
        #expect(capture.article?.title == "Behind the Paywall")
        #expect(capture.images.count == 1)
        #expect(capture.finalURL == page)
    }

    @Test("at most the image limit is fetched")
    func imageLimit() async throws {
        var answers: [String: CannedFetcher.Answer] = [:]
        let sources = (0..<8).map { "/i\($0).png" }
        answers[page] = .body(mediaType: "text/html", bytes: Fixtures.article(images: sources))
        for index in 0..<8 {
            answers["https://news.example/i\(index).png"] = .body(mediaType: "image/png", bytes: Fixtures.png + [UInt8(index)])
        }
        let capture = try await PageCapturer(fetcher: CannedFetcher(answers: answers), limits: CaptureLimits(maximumImages: 3))
            .capture(url: page)
        #expect(capture.images.count == 3)
    }
}
