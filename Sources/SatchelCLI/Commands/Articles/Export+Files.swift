import Foundation
import SatchelClient
import SatchelExport
import SatchelShared

/// The exports that carry files: the EPUB book and the JSON archive. Files come from this machine's
/// cache (fetched from the server first when one is reachable); the writers stream them from there.
extension Export {
    /// `--format epub`: the readable copies and their images gathered from the store, one article at a time,
    /// each chapter ending with the article's highlights.
    func writeBook(_ articles: [SavedArticle], store: LocalStore, to path: String) async throws {
        let title = tags.isEmpty ? "Satchel reading list" : "Satchel: " + tags.joined(separator: ", ")
        let summary: EPUBSummary
        do {
            summary = try await EPUBWriter.write(
                articles, to: path, options: EPUBOptions(title: title), highlights: try store.highlights()
            ) { article in
                guard let copy = try? await store.readableCopy(of: article) else { return nil }
                let files = await store.imageFiles(of: copy, in: article)
                var images: [String: EPUBImageFile] = [:]
                for image in copy.images {
                    guard let digest = image.digest.flatMap(BlobDigest.init), let file = files[image.url] else { continue }
                    images[image.url] = EPUBImageFile(path: file, digest: digest)
                }
                return EPUBReadableCopy(
                    html: copy.html, byline: copy.byline, siteName: copy.siteName, lang: copy.lang, dir: copy.dir, images: images)
            }
        } catch {
            throw CLIError("Cannot write \(path): \(error)", exitCode: ExitStatus.failure)
        }
        var line = "Exported \(Self.count(summary.chapters, "article")) to \(path) (\(summary.captured) with their text, "
            + "\(Self.count(summary.images, "image")))."
        if summary.imagesLeftOut > 0 {
            line += " \(Self.count(summary.imagesLeftOut, "image")) left out: not on this machine, or not PNG, JPEG or GIF."
        }
        Console.current.err(line + "\n")
    }

    /// `--format json --with-files`: the JSON and every attachment's file in one ZIP.
    func writeArchive(_ articles: [SavedArticle], store: LocalStore, to path: String) async throws {
        let summary: JSONArchive.Summary
        do {
            summary = try await JSONArchive.write(
                articles, highlights: try store.highlights(), exportedAt: Date(), to: path
            ) { attachment in
                try? await store.file(attachment)
            }
        } catch {
            throw CLIError("Cannot write \(path): \(error)", exitCode: ExitStatus.failure)
        }
        var line = "Exported \(Self.count(articles.count, "article")) and \(Self.count(summary.files, "file")) "
            + "(\(FileSize.text(summary.bytes))) to \(path)."
        if !summary.missing.isEmpty {
            line += " \(Self.count(summary.missing.count, "file")) not on this machine (and no server to fetch them from) "
                + "left out: an import captures those pages again."
        }
        Console.current.err(line + "\n")
    }
}
