import Foundation
import SatchelArchive
import SatchelShared

/// Omnivore's export: a ZIP of `metadata_<from>_to_<to>.json` files (arrays of items with `id`, `slug`,
/// `title`, `author`, `url`, `state`, `readingProgress` in percent, `labels`, `savedAt`), with
/// `content/<slug>.html` (the readable copy Omnivore kept) and `highlights/<slug>.md` when present.
/// The content becomes the article's readable copy without fetching the page again; the highlights, its note.
enum OmnivoreExport {
    /// Whether the archive looks like an Omnivore export.
    static func matches(_ archive: ZipReader) -> Bool {
        archive.entries.contains { isMetadata($0.name) }
    }

    /// The items of every metadata file, in file order, with their content and highlights.
    static func read(_ archive: ZipReader) throws(ImportError) -> ([ImportItem], [RefusedEntry]) {
        let metadata = archive.entries.filter { isMetadata($0.name) }.sorted { first, second in
            (firstNumber(first.name) ?? 0, first.name) < (firstNumber(second.name) ?? 0, second.name)
        }
        guard !metadata.isEmpty else { throw .malformed("the archive holds no metadata_*.json file: it is not an Omnivore export") }
        var items: [ImportItem] = []
        var refused: [RefusedEntry] = []
        for file in metadata {
            let parsed: JSONValue
            do {
                parsed = try JSONValue(parsing: try archive.data(of: file))
            } catch let error as ArchiveError {
                throw .archive(error)
            } catch {
                throw .malformed("\(file.name) is not valid JSON (\(error))")
            }
            guard case .array(let list) = parsed else { throw .malformed("\(file.name) is not a JSON array of items") }
            for (number, entry) in list.enumerated() {
                let place = "\(file.name) item \(number + 1)"
                guard case .object(let fields) = entry else {
                    refused.append(RefusedEntry(place: place, url: "", reason: "not an item"))
                    continue
                }
                let url = ForeignJSON.text(fields["url"]) ?? ""
                let state = (ForeignJSON.text(fields["state"]) ?? "").uppercased()
                if state == "DELETED" {
                    refused.append(RefusedEntry(place: place, url: String(url.prefix(200)), reason: "deleted in Omnivore"))
                    continue
                }
                if let reason = ImportReader.problem(withAddress: url) {
                    refused.append(RefusedEntry(place: place, url: String(url.prefix(200)), reason: reason))
                    continue
                }
                let slug = ForeignJSON.text(fields["slug"]) ?? ""
                // The readable copy is read when the article is written, not held for the whole file.
                let content = slug.isEmpty ? nil : archive.entry(named: "content/\(slug).html").map { ImportContent.archived(entry: $0.name) }
                let highlights = try text(in: archive, named: "highlights/\(slug).md", when: !slug.isEmpty)
                items.append(ImportItem(
                    url: url, title: ForeignJSON.text(fields["title"])?.nonEmpty,
                    savedAt: ForeignJSON.date(fields["savedAt"]), tags: ForeignJSON.labels(fields["labels"]),
                    archived: state == "ARCHIVED", favorite: false, note: highlights ?? "",
                    readingProgress: ForeignJSON.percent(fields["readingProgress"]),
                    content: content))
            }
        }
        return (items, refused)
    }

    private static func isMetadata(_ name: String) -> Bool {
        !name.contains("/") && name.hasPrefix("metadata") && name.hasSuffix(".json")
    }

    /// The `<from>` of `metadata_<from>_to_<to>.json`, so that `metadata_20_…` comes after `metadata_0_…`.
    private static func firstNumber(_ name: String) -> Int? {
        let parts = name.split(separator: "_")
        return parts.count > 1 ? Int(parts[1]) : nil
    }

    private static func text(in archive: ZipReader, named name: String, when wanted: Bool) throws(ImportError) -> String? {
        guard wanted, let entry = archive.entry(named: name) else { return nil }
        do {
            return String(decoding: try archive.data(of: entry), as: UTF8.self)
        } catch {
            throw .archive(error)
        }
    }
}
