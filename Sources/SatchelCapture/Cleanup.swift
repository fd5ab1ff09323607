/// The second pass, inside the chosen body: removes what scoring let through (link lists, image
/// strips, form remains, headings that repeat the title, empty paragraphs), keeping data tables,
/// lists of prose, figures and code.
struct Cleanup {
    var document: Document
    let title: String
    let weighClasses: Bool
    let cleanConditionally: Bool

    /// What a subtree holds, counted over nodes still kept.
    struct Census {
        var paragraphs = 0, images = 0, linkedImages = 0, items = 0, inputs = 0, embeds = 0
        var text = 0, linkText = 0, headingText = 0, commas = 0
        var dataTable = false
        var linkDensity: Double { text == 0 ? 0 : Double(linkText) / Double(text) }
    }

    /// Cleans the subtrees of `roots`.
    mutating func clean(_ roots: [Int]) {
        for root in roots { removeTitleHeading(in: root) }
        if cleanConditionally {
            for root in roots { conditionallyClean(root) }
        }
        for root in roots { removeEmptyParagraphs(in: root) }
    }

    func census(_ node: Int) -> Census {
        var census = Census()
        var linkDepthEnd = -1
        var headingEnd = -1
        document.walk(node) { child in
            if document.isText(child) {
                let length = Int(document.textLengths[child])
                census.text += length
                census.commas += Int(document.textCommas[child])
                if child < linkDepthEnd { census.linkText += length }
                if child < headingEnd { census.headingText += length }
                return true
            }
            switch document.names[child] {
            case "p": census.paragraphs += 1
            case "img":
                census.images += 1
                if child < linkDepthEnd { census.linkedImages += 1 }
            case "li": census.items += 1
            case "input", "select", "textarea", "button": census.inputs += 1
            case "object", "embed", "iframe": census.embeds += 1
            case "a": if child >= linkDepthEnd { linkDepthEnd = document.ends[child] }
            case "h1", "h2", "h3", "h4", "h5", "h6": if child >= headingEnd { headingEnd = document.ends[child] }
            default: break
            }
            return true
        }
        return census
    }

    /// Removes the first heading that repeats the article's title (the reader shows the title itself).
    private mutating func removeTitleHeading(in root: Int) {
        guard !title.isEmpty else { return }
        var target: Int?
        var seen = 0
        document.walk(root) { node in
            if target != nil || seen > 40 { return false }
            seen += 1
            let name = document.names[node]
            if name == "h1" || name == "h2" || name == "h3" {
                let text = document.textContent(node)
                if TitleSimilarity.similarity(title, text) > 0.75 || TitleSimilarity.similarity(text, title) > 0.75 {
                    target = node
                }
                return false
            }
            return true
        }
        if let target { document.removed[target] = true }
        document.walk(root) { node in
            let name = document.names[node]
            if (name == "h1" || name == "h2"), weighClasses, document.classWeight(node) < 0 {
                document.removed[node] = true
                return false
            }
            return true
        }
    }

    private static let judged: Set<String> = ["form", "fieldset", "table", "ul", "ol", "div", "section", "dl", "header", "aside", "figure"]

    /// Readability's conditional cleaning, from the innermost block outwards.
    private mutating func conditionallyClean(_ root: Int) {
        var candidates: [Int] = []
        document.walk(root) { node in
            if document.names[node] == "table", isDataTable(node) { return false }
            if document.names[node] == "pre" || document.names[node] == "code" { return false }
            if Self.judged.contains(document.names[node]) { candidates.append(node) }
            return true
        }
        for node in candidates.reversed() where node != root && !document.isRemoved(node) {
            if shouldRemove(node) { document.removed[node] = true }
        }
    }

    private func shouldRemove(_ node: Int) -> Bool {
        let name = document.names[node]
        let weight = weighClasses ? document.classWeight(node) : 0
        // An embedded post (a quote in a "social" or "embed" wrapper) is content; judge it by what it holds.
        let quotes = document.first(named: "blockquote", in: node) != nil
        if weight < 0, !quotes { return true }
        let census = census(node)
        if census.text < 30, census.images == 0, Self.isAdvertLabel(document.textContent(node)) { return true }
        if census.commas >= 10 { return false }
        let isList = name == "ul" || name == "ol" || name == "dl"
        let inFigure = name == "figure" || hasAncestor(node, "figure")
        // A strip of linked thumbnails goes; a gallery of the article's own images stays.
        if census.images > 1, Double(census.paragraphs) / Double(census.images) < 0.5, !inFigure,
           census.text < 200 * census.images, census.linkedImages * 2 > census.images || census.linkDensity > 0.2 { return true }
        if !isList, census.items - 100 > census.paragraphs { return true }
        if census.inputs > census.paragraphs / 3 { return true }
        let headingDensity = census.text == 0 ? 0 : Double(census.headingText) / Double(census.text)
        if !isList, headingDensity < 0.9, census.text < 25, !inFigure,
           census.images == 0 || (census.images > 2 && census.linkedImages * 2 > census.images),
           census.embeds == 0 { return true }
        let linkLimit = quotes ? 0.5 : 0.2
        if !isList, weight < 25, census.linkDensity > linkLimit, census.text < 1000 || census.linkDensity > 0.5 { return true }
        if isList, census.linkDensity > 0.5, census.text < 2000 { return true }
        if weight >= 25, census.linkDensity > 0.5 { return true }
        if census.embeds > 1 || (census.embeds == 1 && census.text < 75) { return true }
        return false
    }

    /// Labels publishers leave where an ad was ("Advertisement", "Advert", "Sponsored"…), in a few languages.
    private static let advertLabels: Set<String> = [
        "ad", "ads", "advert", "advertisement", "advertisements", "sponsored", "sponsored content", "anzeige",
        "werbung", "publicité", "publicidad", "pubblicità", "reklame", "advertentie", "story continues below advertisement",
    ]

    static func isAdvertLabel(_ text: String) -> Bool {
        advertLabels.contains(text.lowercased().trimmingCharacters(in: " :-–—.·|"))
    }

    private func hasAncestor(_ node: Int, _ name: String, limit: Int = 8) -> Bool {
        document.ancestors(of: node, limit: limit).contains { document.names[$0] == name }
    }

    /// Whether a table holds data rather than layout (headers, caption, many cells, no nested table).
    func isDataTable(_ table: Int) -> Bool {
        if document.attribute("role", of: table) == "presentation" { return false }
        if document.attribute("datatable", of: table) == "0" { return false }
        if document.attribute("summary", of: table) != nil { return true }
        var rows = 0, columns = 0, cellsInRow = 0, headers = false, nested = false
        document.walk(table) { node in
            switch document.names[node] {
            case "caption", "thead", "tfoot", "colgroup", "col", "th": headers = true
            case "table": if node != table { nested = true; return false }
            case "tr":
                rows += 1
                columns = max(columns, cellsInRow)
                cellsInRow = 0
            case "td": cellsInRow += 1
            default: break
            }
            return true
        }
        columns = max(columns, cellsInRow)
        if nested { return false }
        if headers { return true }
        return rows >= 10 || columns > 4 || rows * columns > 10
    }

    /// Drops paragraphs with neither text nor media, and short paragraphs that are nothing but a link
    /// (the "read more", "see also" lines publishers put between paragraphs).
    private mutating func removeEmptyParagraphs(in root: Int) {
        var empty: [Int] = []
        document.walk(root) { node in
            guard document.names[node] == "p" else { return true }
            let census = census(node)
            if census.text == 0, census.images == 0, census.embeds == 0,
               document.first(named: "picture", in: node) == nil { empty.append(node) }
            if census.text > 0, census.text < 250, census.linkDensity >= 0.8 { empty.append(node) }
            if census.text > 0, census.text < 40, census.images == 0, Self.isAdvertLabel(document.textContent(node)) { empty.append(node) }
            return false
        }
        for node in empty { document.removed[node] = true }
    }
}
