/// Numbers the links of a rendered article: one number per distinct URL, in order of first use.
struct LinkFootnotes {
    /// The URLs in number order (number 1 first).
    private(set) var urls: [String] = []
    private var numbers: [String: Int] = [:]

    /// The number of `url`, given the next one when it is new.
    mutating func number(for url: String) -> Int {
        if let number = numbers[url] { return number }
        urls.append(url)
        numbers[url] = urls.count
        return urls.count
    }

    /// `raw` as a URL worth listing: stripped of anything a terminal must not see, and `http(s)` or
    /// `mailto` with something after the scheme; nil otherwise.
    static func listable(_ raw: String) -> String? {
        let url = TerminalSafety.clean(raw)
        guard !url.contains(" ") else { return nil }
        let lowered = url.prefix(8).lowercased()
        for scheme in ["http://", "https://", "mailto:"] where lowered.hasPrefix(scheme) {
            return url.count > scheme.count ? url : nil
        }
        return nil
    }

    /// Whether a link's visible text already shows its URL (so a footnote would repeat it).
    static func textShowsURL(_ text: String, _ url: String) -> Bool {
        func normalized(_ value: String) -> Substring {
            var value = Substring(value)
            if value.lowercased().hasPrefix("mailto:") { value = value.dropFirst(7) }
            while value.hasSuffix("/") { value = value.dropLast() }
            return value
        }
        let shown = normalized(text)
        return !shown.isEmpty && shown == normalized(url)
    }
}
