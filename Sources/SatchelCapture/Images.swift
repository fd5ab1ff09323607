/// Chooses the real source of each image: lazy-loading pages keep it in `data-src`, `data-original`,
/// `srcset`, `data-srcset` or another attribute, and put a placeholder in `src`.
enum Images {
    /// Attributes that lazy-loading scripts commonly read the real URL from, best first.
    private static let lazyAttributes = [
        "data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src", "data-full-src",
        "data-lazy", "data-echo", "data-actualsrc", "data-img-src", "data-image", "data-orig-file",
    ]
    private static let imageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"]

    /// The image's URL as written (not yet resolved), or nil when there is none.
    static func source(of node: Int, in document: Document) -> String? {
        let src = document.attribute("src", of: node).map(URLResolver.clean) ?? ""
        if !src.isEmpty, !isPlaceholder(src) { return src }
        for name in lazyAttributes {
            if let value = document.attribute(name, of: node).map(URLResolver.clean), !value.isEmpty, !isPlaceholder(value) {
                return value
            }
        }
        for name in ["srcset", "data-srcset", "data-lazy-srcset"] {
            if let value = document.attribute(name, of: node), let best = largest(inSrcset: value) { return best }
        }
        // Any other attribute whose value looks like an image URL.
        for attribute in document.attributes[node] where attribute.name.hasPrefix("data-") {
            let value = URLResolver.clean(attribute.value)
            guard !value.contains(" "), value.count < 2048 else { continue }
            let lowered = value.lowercased()
            if imageExtensions.contains(where: { lowered.contains($0) }), !isPlaceholder(value) { return value }
        }
        return src.isEmpty ? nil : src
    }

    /// Whether `src` is a stand-in: a tiny data URL, or a blank/spacer/placeholder file.
    static func isPlaceholder(_ src: String) -> Bool {
        let lowered = src.lowercased()
        if lowered.hasPrefix("data:") { return lowered.count < 200 || lowered.hasPrefix("data:image/svg") }
        for word in ["blank.gif", "spacer.gif", "pixel.gif", "placeholder", "lazy-load", "lazyload", "transparent.gif", "1x1", "grey.gif", "gray.gif"] {
            if lowered.contains(word) { return true }
        }
        return false
    }

    /// The candidate with the largest width (`800w`) or density (`2x`) of a `srcset`.
    static func largest(inSrcset srcset: String) -> String? {
        var best: (url: String, size: Double)?
        for candidate in srcsetCandidates(srcset) {
            if best == nil || candidate.size > best!.size { best = candidate }
        }
        return best?.url
    }

    /// The URLs and sizes of a `srcset` (descriptor `800w` → 800, `2x` → 2, none → 1).
    static func srcsetCandidates(_ srcset: String) -> [(url: String, size: Double)] {
        var found: [(String, Double)] = []
        for entry in srcset.split(separator: ",").prefix(32) {
            let parts = entry.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            guard let url = parts.first, !url.isEmpty, !url.lowercased().hasPrefix("data:") else { continue }
            var size = 1.0
            if parts.count > 1, let descriptor = parts.last, let number = Double(descriptor.dropLast()) { size = number }
            found.append((String(url), size))
        }
        return found
    }

    /// A dimension attribute as a whole number of pixels (`"640"`, `"640px"`), or nil.
    static func dimension(_ value: String?) -> Int? {
        guard let value else { return nil }
        let digits = value.trimmingSpaces.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let number = Int(digits), number > 0 else { return nil }
        return number
    }

    /// Whether the image is a tracking pixel or spacer (stated as 1×1 or 2×2 at most).
    static func isTrackingPixel(_ node: Int, in document: Document) -> Bool {
        let width = dimension(document.attribute("width", of: node))
        let height = dimension(document.attribute("height", of: node))
        return (width ?? 100) <= 2 || (height ?? 100) <= 2
    }
}
