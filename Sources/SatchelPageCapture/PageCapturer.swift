import Foundation
import SatchelCapture
import SatchelFetch
import SatchelShared

/// Captures a web address as a reader keeps it: fetched through the guarded fetcher, extracted into a
/// readable copy, its images fetched; or, for a PDF or an image, the file itself. The same code runs on a
/// reader's machine (`satchel save`) and on the server (`POST /v1/captures`).
public struct PageCapturer: Sendable {
    private let fetcher: any PageFetching
    private let limits: CaptureLimits

    /// A capturer fetching through `fetcher` within `limits`.
    public init(fetcher: any PageFetching, limits: CaptureLimits = CaptureLimits()) {
        self.fetcher = fetcher
        self.limits = limits
    }

    /// Captures `url`. With `html`, that is the page (one the reader already has open, past a paywall or a
    /// bot wall) and only its images are fetched. Throws ``CaptureFailure`` (or `CancellationError`).
    public func capture(url: String, html: [UInt8]? = nil, now: Date = Date()) async throws -> PageCapture {
        if let html {
            return try await capturePage(
                requestedURL: url, finalURL: url, body: html, contentType: "text/html", language: nil, bytesOnWire: 0, now: now)
        }
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(FetchRequest(url: url))
        } catch let error as FetchError {
            throw CaptureFailure(error)
        }
        switch PageContentKind.classify(mediaType: response.mediaType, body: response.body) {
        case .page:
            let contentType = response.charset.map { "text/html; charset=\($0)" } ?? "text/html"
            return try await capturePage(
                requestedURL: url, finalURL: response.finalURL, body: response.body, contentType: contentType,
                language: response.headers["content-language"], bytesOnWire: response.bytesOnWire, now: now)
        case .file(let mediaType):
            let name = CapturedFile.fileName(from: response.finalURL, mediaType: mediaType, fallback: "file")
            return PageCapture(
                requestedURL: url, finalURL: response.finalURL, article: nil,
                main: CapturedFile(bytes: Data(response.body), mediaType: mediaType, name: name), images: [],
                failedImages: 0, bytesOnWire: response.bytesOnWire)
        case .unsupported(let mediaType):
            throw CaptureFailure(.unsupported, "Satchel saves web pages, PDFs and images; \(response.finalURL) is \(mediaType).")
        }
    }

    private func capturePage(
        requestedURL: String, finalURL: String, body: [UInt8], contentType: String, language: String?,
        bytesOnWire: Int, now: Date
    ) async throws -> PageCapture {
        var headers = ["Content-Type": contentType]
        if let language { headers["Content-Language"] = language }
        let extracted = ArticleExtractor.extract(bytes: body, url: URL(string: finalURL), headers: headers)
        if BotWall.isChallenge(title: extracted.title, wordCount: extracted.wordCount) {
            throw CaptureFailure(.unreachable, "The site showed a bot check (\"\(extracted.title)\") instead of the page. Save it from your browser instead.")
        }
        guard extracted.wordCount >= limits.minimumWords else {
            throw CaptureFailure(.unsupported, "No article was found on \(finalURL): the page holds \(extracted.wordCount) words of readable text.")
        }
        try Task.checkCancellation()
        let (images, fetched, imageBytes) = try await fetchImages(extracted.images)
        let article = CapturedArticle(
            url: requestedURL, finalURL: finalURL, title: extracted.title.isEmpty ? finalURL : extracted.title,
            byline: extracted.byline, siteName: extracted.siteName, excerpt: extracted.excerpt,
            publishedTime: extracted.publishedTime, lang: extracted.lang, dir: extracted.dir,
            wordCount: extracted.wordCount, readingTime: extracted.readingTime, html: extracted.html, images: images,
            capturedAt: SatchelJSON.string(from: now))
        let main = CapturedFile(bytes: article.encoded(), mediaType: CapturedArticle.mediaType, name: CapturedArticle.fileName)
        return PageCapture(
            requestedURL: requestedURL, finalURL: finalURL, article: article, main: main, images: fetched,
            failedImages: images.filter { $0.digest == nil }.count, bytesOnWire: bytesOnWire + imageBytes)
    }

    /// Fetches the body's images, at most `parallelImages` at once. An image that fails (refused, missing,
    /// too large, not an image) keeps its web address; the capture goes on.
    private func fetchImages(_ found: [ArticleImage]) async throws -> ([CapturedImage], [CapturedFile], Int) {
        var seen = Set<String>()
        let wanted = found.filter { image in
            let scheme = URL(string: image.url)?.scheme?.lowercased()
            return (scheme == "http" || scheme == "https") && seen.insert(image.url).inserted
        }.prefix(limits.maximumImages)
        let urls = Array(wanted.map(\.url))
        var results = [CapturedFile?](repeating: nil, count: urls.count)
        var bytesOnWire = 0
        try await withThrowingTaskGroup(of: (Int, CapturedFile?, Int).self) { group in
            var next = 0
            func startNext() {
                guard next < urls.count else { return }
                let index = next
                next += 1
                group.addTask { try await fetchImage(urls[index], position: index) }
            }
            for _ in 0..<max(1, limits.parallelImages) { startNext() }
            while let (index, file, bytes) = try await group.next() {
                results[index] = file
                bytesOnWire += bytes
                startNext()
            }
        }
        var files: [CapturedFile] = []
        var digests = Set<String>()
        for file in results.compactMap({ $0 }) where digests.insert(file.attachment.digest.text).inserted { files.append(file) }
        let byURL = Dictionary(zip(urls, results), uniquingKeysWith: { first, _ in first })
        let images = found.filter { byURL.keys.contains($0.url) }.reduce(into: [CapturedImage]()) { list, image in
            guard !list.contains(where: { $0.url == image.url }) else { return }
            list.append(CapturedImage(
                url: image.url, digest: byURL[image.url]??.attachment.digest.text, caption: image.caption ?? image.alt))
        }
        return (images, files, bytesOnWire)
    }

    private func fetchImage(_ url: String, position: Int) async throws -> (Int, CapturedFile?, Int) {
        do {
            let response = try await fetcher.fetch(FetchRequest(
                url: url, accept: "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1",
                maxBytes: limits.maximumImageBytes))
            guard let type = PageContentKind.sniff(response.body), PageContentKind.imageTypes.contains(type) else {
                return (position, nil, response.bytesOnWire)
            }
            let name = CapturedFile.fileName(from: response.finalURL, mediaType: type, fallback: "image-\(position + 1)")
            return (position, CapturedFile(bytes: Data(response.body), mediaType: type, name: name), response.bytesOnWire)
        } catch is FetchError {
            return (position, nil, 0)
        }
    }
}
