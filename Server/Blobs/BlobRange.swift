/// What a download's `Range` header asks for (RFC 9110 §14.2), as PROTOCOL §13.5 serves it: one range is
/// a 206, several or a malformed header the whole blob, a range starting past the end a 416.
enum BlobRange: Equatable {
    /// The whole blob, with 200.
    case whole
    /// These bytes, with 206.
    case partial(Range<Int64>)
    /// Nothing can be served: 416.
    case unsatisfiable

    /// The answer to `header` for a blob of `size` bytes.
    static func parse(_ header: String?, size: Int64) -> BlobRange {
        guard let header, header.utf8.count <= 200 else { return .whole }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("bytes="), !trimmed.contains(",") else { return .whole }
        let spec = trimmed.dropFirst(6).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        let (first, last) = (parts[0], parts[1])
        if first.isEmpty {
            // `-n`: the last n bytes.
            guard let count = digits(last) else { return .whole }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - count)..<size)
        }
        guard let start = digits(first) else { return .whole }
        var end = size - 1
        if !last.isEmpty {
            guard let given = digits(last), given >= start else { return .whole }
            end = min(given, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .partial(start..<(end + 1))
    }

    /// A whole number of at most 18 digits.
    private static func digits(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int64(text)
    }
}
