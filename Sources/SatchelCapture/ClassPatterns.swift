/// Word lists matched against an element's `class` and `id` (lowercased, as substrings): what usually
/// marks boilerplate, what usually marks content. General web conventions, never one site's names.
enum ClassPatterns {
    /// Marks a block that is probably not content (removed in the first pass unless ``maybeContent``).
    static let unlikely = patterns([
        "-ad-", "ad-break", "advert", "agegate", "banner", "breadcrumb", "combx", "comment", "community",
        "cookie", "consent", "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu",
        "modal", "newsletter", "outbrain", "pager", "pagination", "popup", "related", "remark", "replies",
        "rss", "share", "sharing", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "subscribe",
        "supplemental", "taboola", "toolbar", "trending", "most-popular", "recommend", "signup", "masthead",
    ])
    /// Rescues a block that ``unlikely`` matched.
    static let maybeContent = patterns([
        "and", "article", "body", "column", "content", "main", "mathjax", "shadow", "story",
    ])
    /// Boilerplate even when ``maybeContent`` also matches (`article-share`, `post-comments`).
    static let certainBoilerplate = patterns([
        "share", "sharing", "social", "cookie", "consent", "newsletter", "subscribe", "outbrain", "taboola",
        "comment", "disqus", "related", "recommend", "breadcrumb", "advert", "sponsor", "promo", "paywall",
        "signup", "popup", "modal", "toolbar", "byline",
    ])
    /// Raises a block's score.
    static let positive = patterns([
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "post",
        "text", "blog", "story",
    ])
    /// Lowers a block's score.
    static let negative = patterns([
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead",
        "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
        "sponsor", "shopping", "tags", "widget", "social", "newsletter", "subscribe", "recommend",
    ])
    /// Marks an author line.
    static let byline = patterns(["byline", "author", "dateline", "writtenby", "p-author"])

    /// Needles as lowercased bytes.
    static func patterns(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    /// Whether `haystack` (lowercased bytes) contains one of `needles`.
    static func matches(_ haystack: [UInt8], _ needles: [[UInt8]]) -> Bool {
        guard !haystack.isEmpty else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            for needle in needles where needle.count <= hay.count {
                let first = needle[0]
                var position = 0
                let last = hay.count - needle.count
                while position <= last {
                    if hay[position] == first {
                        var matched = 1
                        while matched < needle.count && hay[position + matched] == needle[matched] { matched += 1 }
                        if matched == needle.count { return true }
                    }
                    position += 1
                }
            }
            return false
        }
    }
}

extension Document {
    /// The node's `class` and `id`, lowercased ASCII bytes separated by a space.
    func classAndID(_ node: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for attribute in attributes[node] where attribute.name == "class" || attribute.name == "id" {
            if !bytes.isEmpty { bytes.append(0x20) }
            for byte in attribute.value.utf8.prefix(512) {
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
        }
        return bytes
    }

    /// Readability-style class weight: +25 for a positive word in `class`, -25 for a negative one, the
    /// same again for `id`.
    func classWeight(_ node: Int) -> Int {
        var weight = 0
        for attribute in attributes[node] where attribute.name == "class" || attribute.name == "id" {
            let bytes = Array(attribute.value.utf8.prefix(512)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            if ClassPatterns.matches(bytes, ClassPatterns.negative) { weight -= 25 }
            if ClassPatterns.matches(bytes, ClassPatterns.positive) { weight += 25 }
        }
        return weight
    }
}
