import Foundation
import SatchelFetch
import SatchelPageCapture

/// A fetcher answering from a table, for unit tests of the capture logic (no network): each address maps
/// to a response or an error; anything else is a 404.
struct CannedFetcher: PageFetching {
    enum Answer: Sendable {
        case body(mediaType: String?, bytes: [UInt8], finalURL: String? = nil)
        case failure(FetchError)
    }

    var answers: [String: Answer]

    func fetch(_ request: FetchRequest) async throws -> FetchResponse {
        switch answers[request.url] {
        case .body(let mediaType, let bytes, let finalURL)?:
            if let limit = request.maxBytes, bytes.count > limit { throw FetchError.tooLarge(limit: limit) }
            return FetchResponse(
                requestedURL: request.url, finalURL: finalURL ?? request.url, redirects: [], status: 200,
                mediaType: mediaType, charset: nil, headers: [:], body: bytes, bytesOnWire: bytes.count)
        case .failure(let error)?:
            throw error
        case nil:
            throw FetchError.httpStatus(404)
        }
    }
}

/// Test content: an article page, image bytes with real signatures.
enum Fixtures {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 9, count: 64)
    static let pdf: [UInt8] = Array("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n".utf8)

    /// An article with enough prose to be one, and the given images.
    static func article(title: String = "The Quiet Harbour", images: [String] = []) -> [UInt8] {
        let paragraph = "The harbour was quiet that morning, and the boats rocked gently against the old stone quay while "
            + "the fishermen mended their nets and talked about the weather, the prices at market and the long winter ahead."
        let figures = images.enumerated().map { index, src in
            "<figure><img src=\"\(src)\" alt=\"picture \(index)\"><figcaption>Caption \(index)</figcaption></figure>"
        }.joined()
        let body = (0..<6).map { "<p>\(paragraph) Part \($0).</p>" }.joined()
        return Array("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
            <meta name="author" content="Ada Lovelace"><meta property="og:site_name" content="Harbour News"></head>
            <body><nav><a href="/">Home</a></nav><article><h1>\(title)</h1>\(body)\(figures)\(body)</article>
            <footer>Copyright</footer></body></html>
            """.utf8)
    }
}
