/// Finds the body with a strict first pass and looser fallbacks: when the strict pass keeps less than
/// the minimum text, it tries again without class-based removal, then without class weights, then
/// without conditional cleaning, and keeps the attempt with the most text.
struct BodyFinder {
    /// The result: the document with its final removals, the body's nodes, and the author line seen.
    struct Body {
        var document: Document
        var roots: [Int]
        var top: Int
        var byline: String?
        var textLength: Int
    }

    let document: Document
    let title: String
    let minimumLength: Int

    private struct Rules {
        var stripUnlikely: Bool
        var weighClasses: Bool
        var cleanConditionally: Bool
    }

    private static let attempts = [
        Rules(stripUnlikely: true, weighClasses: true, cleanConditionally: true),
        Rules(stripUnlikely: false, weighClasses: true, cleanConditionally: true),
        Rules(stripUnlikely: false, weighClasses: false, cleanConditionally: true),
        Rules(stripUnlikely: false, weighClasses: false, cleanConditionally: false),
    ]

    /// Runs the attempts and returns the first long enough, or the longest.
    func find() -> Body {
        var best: Body?
        var byline: String?
        for rules in Self.attempts {
            var body = attempt(rules)
            byline = byline ?? body.byline
            body.byline = byline
            if body.textLength >= minimumLength { return body }
            if best == nil || body.textLength > best!.textLength { best = body }
        }
        return best!
    }

    private func attempt(_ rules: Rules) -> Body {
        var working = document
        let byline = Boilerplate.dropUnlikely(&working, strip: rules.stripUnlikely)
        var scoring = ContentScoring(document: working, weighClasses: rules.weighClasses)
        let fallback = working.first(named: "body") ?? 0
        let selection = scoring.select() ?? ContentScoring.Selection(top: fallback, roots: [fallback])
        var cleanup = Cleanup(document: working, title: title, weighClasses: rules.weighClasses, cleanConditionally: rules.cleanConditionally)
        cleanup.clean(selection.roots)
        let length = selection.roots.reduce(0) { sum, root in sum + cleanup.census(root).text }
        return Body(document: cleanup.document, roots: selection.roots, top: selection.top, byline: byline, textLength: length)
    }
}
