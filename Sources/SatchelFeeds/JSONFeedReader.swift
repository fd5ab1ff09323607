import Foundation
import SatchelShared

/// JSON Feed 1.0 and 1.1 (<https://jsonfeed.org/version/1.1>), read with Satchel's own JSON parser (depth-limited).
enum JSONFeedReader {
    static func read(_ bytes: [UInt8], url: String?, limits: FeedLimits) throws(FeedError) -> Feed {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .notAFeed("\(error)")
        }
        guard case .object(let object) = value else { throw .notAFeed("JSON that is not an object") }
        let version = object["version"]?.stringValue ?? ""
        guard version.lowercased().contains("jsonfeed.org/version/") || (version.isEmpty && object["items"]?.arrayValue != nil) else {
            throw .notAFeed("JSON without a JSON Feed version")
        }
        var feed = Feed(format: .json)
        feed.title = object["title"]?.stringValue.flatMap { FeedText.plain($0, html: false) }
        feed.siteURL = object["home_page_url"]?.stringValue.flatMap { FeedURL.webLink($0, against: url) }
        feed.selfURL = object["feed_url"]?.stringValue.flatMap { FeedURL.webLink($0, against: url) }
        let feedAuthor = author(object)
        let items = object["items"]?.arrayValue ?? []
        for item in items.prefix(limits.maxEntries) {
            guard case .object(let fields) = item else {
                feed.notes.recoveredErrors += 1
                continue
            }
            var entry = FeedEntry()
            // Ids are strings in 1.1, but numbers are seen (and allowed by 1.0's readers).
            switch fields["id"] {
            case .string(let id)?: entry.id = FeedText.token(id)
            case .number(let number)?: entry.id = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            default: break
            }
            entry.url = fields["url"]?.stringValue.flatMap { FeedURL.webLink($0, against: url) }
                ?? fields["external_url"]?.stringValue.flatMap { FeedURL.webLink($0, against: url) }
            // Titles are plain text by the spec; markup in one is shown to nobody, so it is read as HTML too.
            entry.title = fields["title"]?.stringValue.flatMap { FeedText.plain($0, html: $0.contains("<") || $0.contains("&")) }
            entry.published = fields["date_published"]?.stringValue.flatMap(FeedDate.parse)
            entry.updated = fields["date_modified"]?.stringValue.flatMap(FeedDate.parse)
            entry.author = author(fields) ?? feedAuthor
            entry.contentHTML = FeedText.html(fields["content_html"]?.stringValue)
            if let summary = fields["summary"]?.stringValue {
                entry.summary = FeedText.plain(summary, html: false)
            } else if let text = fields["content_text"]?.stringValue {
                entry.summary = FeedText.plain(text, html: false)
            } else if let html = entry.contentHTML {
                entry.summary = FeedText.plain(html, html: true)
            }
            feed.entries.append(entry)
        }
        feed.notes.skippedEntries = max(0, items.count - limits.maxEntries)
        return feed
    }

    /// `authors[0].name` (1.1) or `author.name` (1.0).
    private static func author(_ object: [String: JSONValue]) -> String? {
        if let authors = object["authors"]?.arrayValue {
            for case .object(let person) in authors {
                if let name = person["name"]?.stringValue.flatMap({ FeedText.plain($0, html: false) }) { return name }
            }
        }
        if case .object(let person)? = object["author"] { return person["name"]?.stringValue.flatMap { FeedText.plain($0, html: false) } }
        return nil
    }
}
