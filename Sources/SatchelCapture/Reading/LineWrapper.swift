/// Greedy word wrapping by display columns: breaks at spaces only, and inside a word only when the
/// word alone is wider than the line.
enum LineWrapper {
    /// `line` (no line feeds) cut into lines of at most `width` columns; empty for a blank line.
    static func wrap(_ line: Substring, width: Int) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for word in line.split(separator: " ") {
            let wordWidth = DisplayWidth.of(word)
            if !current.isEmpty, currentWidth + 1 + wordWidth <= width {
                current += " "
                current += word
                currentWidth += 1 + wordWidth
                continue
            }
            if !current.isEmpty {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            if wordWidth <= width {
                current = String(word)
                currentWidth = wordWidth
                continue
            }
            for character in word {
                let characterWidth = character.isASCII ? 1 : DisplayWidth.of(character)
                if !current.isEmpty, currentWidth + characterWidth > width {
                    lines.append(current)
                    current = ""
                    currentWidth = 0
                }
                current.append(character)
                currentWidth += characterWidth
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
