/// The caller's mapping of image URLs to new sources, asked once per URL and only for `http(s)` URLs
/// the sanitizer already accepted.
struct ImageSourceMap {
    private let map: ((String) -> String?)?
    private var answers: [String: String?] = [:]

    /// A mapping through `map`; none when nil.
    init(_ map: ((String) -> String?)?) { self.map = map }

    /// Whether there is a mapping at all.
    var isActive: Bool { map != nil }

    /// The new source for the image at `url`, or nil to keep `url`.
    mutating func replacement(for url: String) -> String? {
        guard let map else { return nil }
        let lowered = url.prefix(8).lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return nil }
        if let answer = answers[url] { return answer }
        let answer = map(url)
        answers[url] = answer
        return answer
    }
}
