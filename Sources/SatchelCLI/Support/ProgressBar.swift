/// A one-line progress bar for terminals, e.g. `pull [##########----------]  50/100`.
public struct ProgressBar: Sendable {
    /// Characters between the brackets.
    public var width: Int

    /// Creates a bar `width` characters wide.
    public init(width: Int = 30) {
        self.width = width
    }

    /// The bar for `done` of `total` in `phase`, prefixed with a carriage return so it redraws in place.
    public func render(phase: String, done: Int, total: Int) -> String {
        let total = max(total, done, 1)
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "\r\(phase.padding(toLength: 4, withPad: " ", startingAt: 0)) [\(bar)] \(done)/\(total)"
    }

    /// The plain line for logs and pipes: no carriage returns, one line per step.
    public static func plainLine(phase: String, done: Int, total: Int) -> String {
        "\(phase): \(done)/\(max(total, done))"
    }
}
