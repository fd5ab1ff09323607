/// Finds the article's body by scoring (after Readability's content scoring): every paragraph gives
/// points to its parent, half to its grandparent and less further up; the best-scoring container,
/// discounted by its share of link text, is the body, joined by siblings that score nearly as well.
struct ContentScoring {
    /// The chosen nodes, in document order, and the best candidate among them.
    struct Selection {
        var top: Int
        var roots: [Int]
    }

    let document: Document
    let statistics: TextStatistics
    let weighClasses: Bool
    private(set) var scores: [Int: Double] = [:]

    init(document: Document, weighClasses: Bool) {
        self.document = document
        self.statistics = TextStatistics(document)
        self.weighClasses = weighClasses
    }

    /// Scores the page and chooses the body; nil when no paragraph is found.
    mutating func select() -> Selection? {
        scoreParagraphs()
        guard !scores.isEmpty else { return nil }
        var ranked: [(node: Int, score: Double)] = scores.map { node, score in
            (node, score * (1 - statistics.linkDensity(node)))
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.node < $1.node }
        for (node, score) in ranked { scores[node] = score }
        var top = ranked[0].node
        let topScore = ranked[0].score
        top = commonAncestorOfAlternatives(top: top, topScore: topScore, ranked: ranked)
        top = climb(from: top)
        while let parent = parentIfOnlyChild(top) { top = parent }
        return Selection(top: top, roots: siblings(of: top))
    }

    private static let tagWeights: [String: Double] = [
        "div": 5, "pre": 3, "td": 3, "blockquote": 3, "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3,
        "dt": -3, "li": -3, "form": -3, "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
        "article": 8, "main": 5, "section": 3,
    ]

    private mutating func initialScore(_ node: Int) -> Double {
        if let score = scores[node] { return score }
        var score = Self.tagWeights[document.names[node]] ?? 0
        if weighClasses { score += Double(document.classWeight(node)) }
        if document.attribute("itemprop", of: node)?.lowercased().contains("articlebody") == true { score += 25 }
        scores[node] = score
        return score
    }

    private static let paragraphs: Set<String> = ["p", "pre", "h2", "h3", "h4", "h5", "h6", "blockquote"]
    private static let containers: Set<String> = ["div", "section", "article", "main", "td", "li", "span", "font", "center", "dd", "body"]

    private mutating func scoreParagraphs() {
        let document = self.document
        var units: [(node: Int, owner: Int, length: Int, commas: Int, links: Int)] = []
        document.walk(0) { node in
            guard !document.isText(node) else { return false }
            let name = document.names[node]
            let stats = statistics
            if Self.paragraphs.contains(name) && !(name == "blockquote" && stats.hasBlock[node]) {
                units.append((node, document.parents[node], stats.textLength[node], stats.commas[node], stats.linkLength[node]))
                return false
            }
            if Self.containers.contains(name) {
                if !stats.hasBlock[node], name != "span", name != "font" {
                    units.append((node, document.parents[node], stats.textLength[node], stats.commas[node], stats.linkLength[node]))
                    return false
                }
                if stats.hasBlock[node], stats.inlineLength[node] >= 25 {
                    // Text written straight into a container with blocks: a paragraph owned by the container.
                    units.append((node, node, stats.inlineLength[node], 0, 0))
                }
            }
            return true
        }
        for unit in units where unit.length >= 25 && unit.owner > 0 {
            let linkShare = unit.length == 0 ? 0 : min(1, Double(unit.links) / Double(unit.length))
            let points = (1 + Double(unit.commas) + Double(min(unit.length / 100, 3))) * (1 - 0.5 * linkShare)
            var ancestor = unit.owner
            var level = 0
            while ancestor > 0, level < 5 {
                let name = document.names[ancestor]
                if name == "html" || name == "#document" { break }
                let divider: Double = level == 0 ? 1 : (level == 1 ? 2 : Double(level * 3))
                scores[ancestor] = initialScore(ancestor) + points / divider
                ancestor = document.parents[ancestor]
                level += 1
            }
        }
    }

    /// When three or more other strong candidates share an ancestor with the top one, the body is that
    /// ancestor (an article split into several blocks).
    private func commonAncestorOfAlternatives(top: Int, topScore: Double, ranked: [(node: Int, score: Double)]) -> Int {
        let alternatives = ranked.dropFirst().prefix(4).filter { $0.score >= topScore * 0.75 }.map(\.node)
        guard alternatives.count >= 3 else { return top }
        var ancestor = document.parents[top]
        while ancestor > 0, document.names[ancestor] != "body" {
            let holding = alternatives.filter { document.contains(ancestor, $0) }.count
            if holding >= 3 { return ancestor }
            ancestor = document.parents[ancestor]
        }
        return top
    }

    /// Moves up while a parent scores better than its child (the child was only a part).
    private func climb(from start: Int) -> Int {
        var top = start
        var lastScore = scores[top] ?? 0
        let threshold = lastScore / 3
        var parent = document.parents[top]
        while parent > 0, document.names[parent] != "body", document.names[parent] != "html" {
            guard let parentScore = scores[parent] else {
                parent = document.parents[parent]
                continue
            }
            if parentScore < threshold { break }
            if parentScore > lastScore {
                top = parent
                break
            }
            lastScore = parentScore
            parent = document.parents[parent]
        }
        return top
    }

    private func parentIfOnlyChild(_ node: Int) -> Int? {
        let parent = document.parents[node]
        guard parent > 0, document.names[parent] != "body", document.names[parent] != "html" else { return nil }
        let elements = document.children(of: parent).filter { !document.removed[$0] && !(document.isText($0) && statistics.textLength[$0] == 0) }
        return elements == [node] ? parent : nil
    }

    /// The top candidate and those of its siblings that belong with it, in document order.
    private func siblings(of top: Int) -> [Int] {
        let parent = document.parents[top]
        guard parent > 0, document.names[top] != "body" else { return [top] }
        let topScore = scores[top] ?? 0
        let threshold = max(10, topScore * 0.2)
        let topClass = document.attribute("class", of: top) ?? ""
        var roots: [Int] = []
        for sibling in document.children(of: parent) where !document.removed[sibling] {
            if sibling == top {
                roots.append(sibling)
                continue
            }
            if document.isText(sibling) { continue }
            var bonus = 0.0
            if !topClass.isEmpty, document.attribute("class", of: sibling) == topClass { bonus = topScore * 0.2 }
            if let score = scores[sibling], score + bonus >= threshold {
                roots.append(sibling)
                continue
            }
            let name = document.names[sibling]
            guard name == "p" || (name == "div" && !statistics.hasBlock[sibling]) else { continue }
            let length = statistics.textLength[sibling]
            let density = statistics.linkDensity(sibling)
            if length > 80, density < 0.25 {
                roots.append(sibling)
            } else if length > 0, length <= 80, density == 0 {
                let text = document.textContent(sibling)
                if text.hasSuffix(".") || text.contains(". ") { roots.append(sibling) }
            }
        }
        return roots
    }
}
