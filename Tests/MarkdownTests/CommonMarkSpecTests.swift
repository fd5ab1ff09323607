import Foundation
import Testing
@testable import SatchelMarkdown

/// The CommonMark spec's examples (version 0.30, as JSON in Debian's `golang-github-yuin-goldmark-dev`, which
/// `scripts/install-deps.sh` installs for its test data) through cmark-gfm.
@Suite("CommonMark spec")
struct CommonMarkSpecTests {
    struct Example: Decodable {
        let markdown: String
        let html: String
        let example: Int
        let section: String
    }

    static let specPath = "/usr/share/gocode/src/github.com/yuin/goldmark/_test/spec.json"

    /// Where cmark-gfm 0.29.0.gfm.6 (Debian's) follows spec 0.29 and 0.30 changed: example 28 (an 8-digit
    /// numeric reference is no longer one) and 171 (`<textarea>` joined the raw-text HTML blocks).
    static let knownDifferences: Set<Int> = [28, 171]

    static func examples() throws -> [Example] {
        let data = try #require(FileManager.default.contents(atPath: specPath), "missing \(specPath): run scripts/install-deps.sh")
        return try JSONDecoder().decode([Example].self, from: data)
    }

    @Test("every example of the spec renders as the spec says, through the library alone")
    func wholeSpec() throws {
        let examples = try Self.examples()
        #expect(examples.count == 652)
        let failing = examples.filter { PostMarkdown.commonMark($0.markdown) != $0.html }.map(\.example)
        #expect(Set(failing) == Self.knownDifferences, "failing: \(failing)")
    }

    @Test("the examples without raw HTML or images render the same through Satchel's post renderer")
    func sampleThroughPostRenderer() throws {
        // Raw HTML is shown as text in posts, and images are Satchel's figures: those examples are tested below.
        let sample = try Self.examples().filter { example in
            !Self.knownDifferences.contains(example.example) && !example.markdown.contains("<") && !example.markdown.contains("![")
                && !example.html.contains("<img") && !example.html.contains("<del>")
                // GitHub's autolinks and tables extend CommonMark: their examples differ where they apply.
                && !example.markdown.contains("www.") && !example.markdown.contains("http") && !example.markdown.contains("|")
                && !example.markdown.contains("@") && !example.markdown.contains("~")
        }
        #expect(sample.count > 350)
        var failing: [Int] = []
        for example in sample where PostMarkdown.render(example.markdown).html != example.html {
            failing.append(example.example)
        }
        #expect(failing.isEmpty, "failing: \(failing)")
    }

    @Test("a representative sample, by section: emphasis, links, lists, headings, code, quotes, breaks, escapes")
    func representative() {
        let cases: [(String, String)] = [
            ("*foo bar*\n", "<p><em>foo bar</em></p>\n"),
            ("**foo** and __bar__\n", "<p><strong>foo</strong> and <strong>bar</strong></p>\n"),
            ("# foo\n## bar\n", "<h1>foo</h1>\n<h2>bar</h2>\n"),
            ("Foo\n===\n", "<h1>Foo</h1>\n"),
            ("- one\n- two\n", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"),
            ("1. one\n2. two\n", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"),
            ("> quoted\n", "<blockquote>\n<p>quoted</p>\n</blockquote>\n"),
            ("`code`\n", "<p><code>code</code></p>\n"),
            ("```swift\nlet x = 1\n```\n", "<pre><code class=\"language-swift\">let x = 1\n</code></pre>\n"),
            ("    indented\n", "<pre><code>indented\n</code></pre>\n"),
            ("[link](/uri \"title\")\n", "<p><a href=\"/uri\" title=\"title\">link</a></p>\n"),
            ("[a][b]\n\n[b]: /url\n", "<p><a href=\"/url\">a</a></p>\n"),
            ("foo  \nbar\n", "<p>foo<br />\nbar</p>\n"),
            ("foo\nbar\n", "<p>foo\nbar</p>\n"),
            ("***\n", "<hr />\n"),
            ("\\*not emphasised\\*\n", "<p>*not emphasised*</p>\n"),
            ("&copy; &#35;\n", "<p>© #</p>\n"),
            ("<https://example.com>\n", "<p><a href=\"https://example.com\">https://example.com</a></p>\n"),
        ]
        for (markdown, html) in cases {
            #expect(PostMarkdown.render(markdown).html == html, "\(markdown)")
        }
    }
}
