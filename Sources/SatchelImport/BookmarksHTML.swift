import Foundation

/// Netscape bookmark files (what Firefox, Chrome and Safari export) and Pocket's older HTML export, read by
/// one linear scan of the tags: `<A HREF ADD_DATE TAGS>` (Pocket: `time_added`, `tags`) is an article,
/// the `<H3>` folders around it become labels (the browsers' own root folders do not), and in Pocket's
/// export the items after the `<h1>Read Archive</h1>` heading are archived. No tree is built and nothing
/// recurses, so nesting depth costs nothing but a stack entry.
enum BookmarksHTML {
    /// Folders that every browser has: not labels.
    private static let rootFolders: Set<String> = [
        "bookmarks", "bookmarks menu", "bookmarks toolbar", "bookmarks bar", "other bookmarks", "mobile bookmarks",
        "favorites", "favorites bar", "unsorted bookmarks",
    ]
    /// Folders nearest an item that become its labels.
    private static let deepestFolders = 8

    static func read(_ text: String) -> ([ImportItem], [RefusedEntry]) {
        let bytes = Array(text.utf8)
        var items: [ImportItem] = []
        var refused: [RefusedEntry] = []
        var folders: [String?] = []
        var pendingFolder: String?
        var archived = false
        var index = 0
        var entry = 0
        while let open = next(0x3C, in: bytes, from: index) {
            guard let close = next(0x3E, in: bytes, from: open + 1) else { break }
            let tag = Tag(bytes[(open + 1)..<close])
            index = close + 1
            switch tag.name {
            case "h3":
                let (text, after) = textUntil(closing: "h3", in: bytes, from: index)
                pendingFolder = text
                index = after
            case "h1":
                let (text, after) = textUntil(closing: "h1", in: bytes, from: index)
                archived = text.lowercased().contains("archive")
                index = after
            case "dl":
                folders.append(pendingFolder)
                pendingFolder = nil
            case "/dl":
                if !folders.isEmpty { folders.removeLast() }
            case "a":
                entry += 1
                let (title, after) = textUntil(closing: "a", in: bytes, from: index)
                index = after
                guard let href = tag.attributes["href"] else { continue }
                let url = decodeEntities(href).trimmingCharacters(in: .whitespacesAndNewlines)
                if let reason = ImportReader.problem(withAddress: url) {
                    refused.append(RefusedEntry(place: "entry \(entry)", url: String(url.prefix(200)), reason: reason))
                    continue
                }
                let labels = (tag.attributes["tags"].map(decodeEntities) ?? "").split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                let folderLabels = folders.compactMap { $0 }.filter { !rootFolders.contains($0.lowercased()) }.suffix(deepestFolders)
                items.append(ImportItem(
                    url: url, title: title.nonEmpty,
                    savedAt: (tag.attributes["add_date"] ?? tag.attributes["time_added"]).flatMap(CSVFormats.unixDate),
                    tags: labels + folderLabels, archived: archived))
            default:
                continue
            }
        }
        return (items, refused)
    }

    /// The text up to `</name>` (tags inside dropped, entities decoded, whitespace collapsed) and the
    /// offset after it.
    private static func textUntil(closing name: String, in bytes: [UInt8], from start: Int) -> (String, Int) {
        var text: [UInt8] = []
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x3C, let close = next(0x3E, in: bytes, from: index + 1) {
                let tag = Tag(bytes[(index + 1)..<close])
                index = close + 1
                if tag.name == "/" + name { break }
                continue
            }
            text.append(bytes[index])
            index += 1
        }
        let decoded = decodeEntities(String(decoding: text, as: UTF8.self))
        return (decoded.split(whereSeparator: \.isWhitespace).joined(separator: " "), index)
    }

    private static func next(_ byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&apos;`, `&nbsp;` and numeric references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[ampersand...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = after.dropFirst()
                continue
            }
            let name = after[after.index(after: ampersand)..<semicolon]
            let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
            if let value = named[name] {
                result += value
            } else if name.hasPrefix("#"), let code = name.dropFirst().lowercased().hasPrefix("x")
                ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst()),
                let scalar = Unicode.Scalar(code), code != 0
            {
                result.unicodeScalars.append(scalar)
            } else {
                result += after[ampersand...semicolon]
            }
            rest = after[after.index(after: semicolon)...]
        }
        return result + rest
    }
}

/// One tag: its lower-cased name (`a`, `/dl`) and attributes (names lower-cased, values as written).
private struct Tag {
    var name: String
    var attributes: [String: String] = [:]

    init(_ bytes: ArraySlice<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        var scanner = Substring(text)
        let nameEnd = scanner.firstIndex { $0.isWhitespace || $0 == "/" && scanner.first != "/" } ?? scanner.endIndex
        name = scanner[..<nameEnd].lowercased()
        scanner = scanner[nameEnd...]
        while true {
            scanner = scanner.drop { $0.isWhitespace || $0 == "/" }
            guard !scanner.isEmpty else { break }
            let keyEnd = scanner.firstIndex { $0 == "=" || $0.isWhitespace } ?? scanner.endIndex
            let key = scanner[..<keyEnd].lowercased()
            scanner = scanner[keyEnd...].drop { $0.isWhitespace }
            guard scanner.first == "=" else {
                if !key.isEmpty { attributes[key] = "" }
                if keyEnd == scanner.startIndex { scanner = scanner.dropFirst() }
                continue
            }
            scanner = scanner.dropFirst().drop { $0.isWhitespace }
            let value: Substring
            if let quote = scanner.first, quote == "\"" || quote == "'" {
                let body = scanner.dropFirst()
                let end = body.firstIndex(of: quote) ?? body.endIndex
                value = body[..<end]
                scanner = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
            } else {
                let end = scanner.firstIndex(where: \.isWhitespace) ?? scanner.endIndex
                value = scanner[..<end]
                scanner = scanner[end...]
            }
            if attributes[key] == nil { attributes[key] = String(value) }
        }
    }
}
