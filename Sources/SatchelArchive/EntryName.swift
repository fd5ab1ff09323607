/// The rule for names inside an archive: relative paths of plain segments, so that no entry can name a
/// place outside the archive wherever it is unpacked.
public enum EntryName {
    /// Whether `name` is a safe relative path: not empty, at most 1,024 bytes, no leading `/`, no drive
    /// letter, no `.` or `..` segment, no backslash, no control character.
    public static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 1024, !name.hasPrefix("/") else { return false }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" || $0 == ":" })
        else { return false }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        for (position, segment) in segments.enumerated() {
            if segment == "." || segment == ".." { return false }
            // Only a directory entry ends with "/" (its last segment is empty); no empty segment elsewhere.
            if segment.isEmpty && position != segments.count - 1 { return false }
        }
        return true
    }
}
