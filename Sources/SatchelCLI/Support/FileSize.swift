import Foundation

/// Sizes of files for people: `512 bytes`, `48.2 KB`, `3.1 MB`, `1.2 GB` (powers of 1,000).
enum FileSize {
    /// The size in the largest unit that keeps it at 1 or more.
    static func text(_ bytes: Int64) -> String {
        if bytes < 1_000 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1_000, unit = 0
        while value >= 1_000 && unit < units.count - 1 {
            value /= 1_000
            unit += 1
        }
        return String(format: "%.1f %@", value, units[unit])
    }
}
