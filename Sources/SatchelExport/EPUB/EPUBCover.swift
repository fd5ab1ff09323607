import Foundation
import SatchelCapture
import SatchelShared

/// The book's cover image, drawn as SVG (no image library needed): the title in a few lines, the number
/// of articles and the date, on a plain background.
enum EPUBCover {
    /// The SVG document.
    static func svg(title: String, count: Int, date: Date) -> String {
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="600" height="800" viewBox="0 0 600 800">
              <rect x="0" y="0" width="600" height="800" fill="#22384f"/>
              <rect x="40" y="40" width="520" height="720" fill="none" stroke="#e8dcc0" stroke-width="3"/>

            """
        for (number, line) in lines(title).enumerated() {
            svg += "  <text x=\"300\" y=\"\(250 + number * 60)\" font-family=\"serif\" font-size=\"44\" fill=\"#f6f1e4\" "
            svg += "text-anchor=\"middle\">\(XMLText.escaped(line))</text>\n"
        }
        let articles = "\(count) article\(count == 1 ? "" : "s")"
        svg += "  <text x=\"300\" y=\"620\" font-family=\"sans-serif\" font-size=\"26\" fill=\"#e8dcc0\" text-anchor=\"middle\">\(articles)</text>\n"
        svg += "  <text x=\"300\" y=\"670\" font-family=\"sans-serif\" font-size=\"22\" fill=\"#e8dcc0\" text-anchor=\"middle\">"
        svg += "\(SatchelJSON.string(from: date).prefix(10))</text>\n"
        return svg + "</svg>\n"
    }

    /// The title in at most five lines of about 20 characters, cut with an ellipsis when longer.
    static func lines(_ title: String) -> [String] {
        let words = XMLText.plain(title).split(whereSeparator: { $0.isWhitespace }).map(String.init)
        var lines: [String] = []
        var current = ""
        for word in words {
            let word = word.count > 20 ? String(word.prefix(19)) + "…" : word
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= 20 {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > 5 {
            lines = Array(lines.prefix(5))
            lines[4] += "…"
        }
        return lines.isEmpty ? ["Satchel"] : lines
    }
}
