import Foundation
import SatchelLoopback

/// The corpus pages served from loopback as a web site: `/p/NAME` is a page, and every absolute address in
/// it is rewritten to `/x/…` on the same server, where a path that names an image answers a synthetic
/// image (its size fixed by the path), so each page's images are fetched as they would be from the web.
final class CorpusSite: @unchecked Sendable {
    let server: ScriptedHTTPServer
    let names: [String]
    /// Bytes of the pages as read from the corpus.
    let pageBytes: Int
    private let lock = NSLock()
    private var served = 0

    init(directory: String) throws {
        server = try ScriptedHTTPServer(host: "127.0.0.1")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".html") }.sorted()
        let origin = server.baseURL + "/x/"
        var pages: [String: [UInt8]] = [:]
        var total = 0
        for file in files {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(file)")))
            total += original.count
            pages[file] = Self.rewritingAddresses(original, to: origin)
        }
        names = files
        pageBytes = total
        let served = pages
        server.setFallback { [weak self] request in
            let path = request.path
            if path.hasPrefix("/p/"), let page = served[String(path.dropFirst(3))] {
                self?.count(page.count)
                return ScriptedHTTPServer.Response(headers: [("Content-Type", "text/html")], body: page)
            }
            if path.hasPrefix("/x/"), let image = Self.image(for: path) {
                self?.count(image.count)
                return ScriptedHTTPServer.Response(headers: [("Content-Type", "image/png")], body: image)
            }
            return .status(404)
        }
    }

    /// The address of page `name`.
    func url(_ name: String) -> String { server.baseURL + "/p/" + name }

    /// Bytes of pages and images served so far.
    var bytesServed: Int { lock.withLock { served } }

    private func count(_ bytes: Int) { lock.withLock { served += bytes } }

    /// Every `http://` and `https://` in the page turned into `origin`, so the page's own images point here.
    static func rewritingAddresses(_ page: [UInt8], to origin: String) -> [UInt8] {
        let text = String(decoding: page, as: UTF8.self)
        return Array(text.replacingOccurrences(of: "https://", with: origin).replacingOccurrences(of: "http://", with: origin).utf8)
    }

    /// A PNG-signed body of 8–64 KiB, the same for the same path; nil for a path that names no image.
    static func image(for path: String) -> [UInt8]? {
        let lowered = path.lowercased()
        guard [".jpg", ".jpeg", ".png", ".gif", ".webp", "image", "img", "photo"].contains(where: lowered.contains) else { return nil }
        var seed: UInt64 = 1469598103934665603
        for byte in path.utf8 { seed = (seed ^ UInt64(byte)) &* 1099511628211 }
        let size = 8_192 + Int(seed % 57_344)
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes.reserveCapacity(size)
        while bytes.count < size {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            bytes.append(UInt8(truncatingIfNeeded: seed >> 33))
        }
        return bytes
    }
}
