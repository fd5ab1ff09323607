import Foundation
import SatchelArchive
import SatchelCapture
import SatchelShared

/// Writes saved articles as an EPUB 3 book: a cover, a table of contents (navigation document and NCX),
/// and one chapter per article with its captured text and the images this machine has. The captured HTML
/// becomes XHTML through ``XHTMLFragment``; images are embedded only as PNG, JPEG or GIF (told by their
/// bytes), streamed from their files; every other image is left out, so the book loads nothing remote.
///
///     let summary = try await EPUBWriter.write(articles, to: "list.epub") { article in copies[article.id] }
public enum EPUBWriter {
    /// Writes the book of `articles` (in order) to `path`, asking `copy` for each article's readable copy
    /// (nil: a chapter with its title, link and note); each chapter ends with the article's `highlights`
    /// and their notes. Chapters wait in a temporary folder until the
    /// archive is written, so the whole book is never held in memory; the archive appears at `path` only
    /// when complete.
    public static func write(
        _ articles: [SavedArticle], to path: String, options: EPUBOptions = EPUBOptions(), highlights: [Highlight] = [],
        copy: (SavedArticle) async throws -> EPUBReadableCopy?
    ) async throws -> EPUBSummary {
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-epub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        var copies: [EPUBReadableCopy?] = []
        var languages: [String: Int] = [:]
        for article in articles {
            let found = try await copy(article)
            if let lang = found?.lang, XHTMLFragment.isLanguageTag(lang) { languages[lang, default: 0] += 1 }
            copies.append(found.map { copy in
                var light = copy
                light.html = ""  // kept on disk below, not for the whole book
                return light
            })
            let position = copies.count
            if let found {
                try Data(found.html.utf8).write(to: staging.appendingPathComponent("body-\(position)"))
            }
        }
        let language = languages.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "en"
        let marked = Dictionary(grouping: highlights.filter { !$0.deleted }, by: \.articleId)
        return try writeArchive(
            articles, copies: copies, highlights: marked, staging: staging, language: language, to: path, options: options)
    }

    private static func writeArchive(
        _ articles: [SavedArticle], copies: [EPUBReadableCopy?], highlights: [UUID: [Highlight]], staging: URL,
        language: String, to path: String, options: EPUBOptions
    ) throws -> EPUBSummary {
        let zip = try ZipWriter(path: path, modified: options.date)
        try zip.add("mimetype", bytes: Array("application/epub+zip".utf8), compressed: false)
        try zip.add("META-INF/container.xml", bytes: Array(EPUBPackage.container.utf8))
        var package = EPUBPackage(
            title: options.title, identifier: "urn:uuid:" + options.identifier.uuidString.lowercased(), language: language,
            modified: options.date)
        var summary = EPUBSummary(chapters: 0, captured: 0, images: 0, imagesLeftOut: 0)
        var embedded: [BlobDigest: String] = [:]  // digest → href relative to the package
        var refused = Set<BlobDigest>()
        for (index, article) in articles.enumerated() {
            let copy = copies[index]
            var body: String?
            if let copy {
                let html = (try? String(contentsOf: staging.appendingPathComponent("body-\(index + 1)"), encoding: .utf8)) ?? ""
                body = XHTMLFragment.convert(html) { url in
                    guard let file = copy.images[url], !refused.contains(file.digest) else {
                        summary.imagesLeftOut += 1
                        return nil
                    }
                    if let href = embedded[file.digest] { return "../" + href }
                    guard let type = EPUBImageType.sniff(path: file.path) else {
                        refused.insert(file.digest)
                        summary.imagesLeftOut += 1
                        return nil
                    }
                    let href = "images/\(file.digest.hex).\(type.fileExtension)"
                    do {
                        // Already compressed: stored as they are.
                        try zip.addFile("OEBPS/" + href, path: file.path, compressed: false)
                    } catch {
                        refused.insert(file.digest)
                        summary.imagesLeftOut += 1
                        return nil
                    }
                    embedded[file.digest] = href
                    package.resources.append(.init(id: "image-\(file.digest.hex.prefix(16))", href: href, mediaType: type.rawValue))
                    summary.images += 1
                    return "../" + href
                }
                summary.captured += 1
            }
            let href = String(format: "articles/article-%05d.xhtml", index + 1)
            let chapter = EPUBChapterDocument.chapter(
                article, copy: copy, body: body, highlights: highlights[article.id] ?? [], language: language)
            let file = staging.appendingPathComponent("chapter-\(index + 1).xhtml")
            do {
                try Data(chapter.utf8).write(to: file)
            } catch {
                throw ArchiveError.cannotWrite("cannot stage a chapter in \(staging.path)")
            }
            try zip.addFile("OEBPS/" + href, path: file.path)
            package.chapters.append(.init(
                item: .init(id: "article-\(index + 1)", href: href, mediaType: "application/xhtml+xml"),
                title: EPUBChapterDocument.title(of: article)))
            summary.chapters += 1
        }
        package.resources.insert(contentsOf: [
            .init(id: "style", href: "style.css", mediaType: "text/css"),
            .init(id: "cover-image", href: "cover.svg", mediaType: "image/svg+xml", properties: "cover-image"),
            .init(id: "cover", href: "cover.xhtml", mediaType: "application/xhtml+xml"),
        ], at: 0)
        try zip.add("OEBPS/content.opf", bytes: Array(package.packageDocument().utf8))
        try zip.add("OEBPS/nav.xhtml", bytes: Array(package.navigationDocument().utf8))
        try zip.add("OEBPS/toc.ncx", bytes: Array(package.ncx().utf8))
        try zip.add("OEBPS/style.css", bytes: Array(EPUBChapterDocument.stylesheet.utf8))
        try zip.add("OEBPS/cover.svg", bytes: Array(EPUBCover.svg(title: options.title, count: articles.count, date: options.date).utf8))
        try zip.add(
            "OEBPS/cover.xhtml", bytes: Array(EPUBChapterDocument.cover(title: options.title, count: articles.count, language: language).utf8))
        try zip.finish()
        return summary
    }
}
