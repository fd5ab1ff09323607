import Foundation

/// The marker of each item of an open list: a bullet, or the next number of an ordered list (with its
/// `start`, `reversed` and `type`, and an item's own `value`).
struct ListNumbering {
    private let ordered: Bool
    private let type: String
    private var next: Int
    private let step: Int

    /// The numbering of list element `node` (`ul` or `ol`) of `document`.
    init(_ document: Document, _ node: Int) {
        ordered = document.names[node] == "ol"
        type = document.attribute("type", of: node) ?? "1"
        let reversed = document.attribute("reversed", of: node) != nil
        step = reversed ? -1 : 1
        if let start = document.attribute("start", of: node).flatMap(Self.number) {
            next = start
        } else if ordered, reversed {
            next = document.children(of: node).count(where: { document.names[$0] == "li" })
        } else {
            next = 1
        }
    }

    /// The marker of the next item (`• `, `3. `), `value` being the item's own number when it states one.
    mutating func marker(value: String?) -> String {
        guard ordered else { return "• " }
        if let value = value.flatMap(Self.number) { next = value }
        defer { next += step }
        return Self.label(next, type: type) + ". "
    }

    private static func number(_ text: String) -> Int? {
        Int(text.trimmingCharacters(in: .whitespaces)).map { min(max($0, -999_999), 999_999) }
    }

    private static func label(_ number: Int, type: String) -> String {
        switch type {
        case "a", "A":
            guard number > 0 else { return String(number) }
            var letters = ""
            var rest = number
            while rest > 0 {
                rest -= 1
                letters = String(UnicodeScalar(UInt8(97 + rest % 26))) + letters
                rest /= 26
            }
            return type == "A" ? letters.uppercased() : letters
        case "i", "I":
            guard number > 0, number < 4000 else { return String(number) }
            let numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                            (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
            var roman = ""
            var rest = number
            for (value, numeral) in numerals {
                while rest >= value {
                    roman += numeral
                    rest -= value
                }
            }
            return type == "I" ? roman.uppercased() : roman
        default:
            return String(number)
        }
    }
}
