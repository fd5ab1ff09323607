import Foundation
import SatchelLoopback

/// A loopback site of articles for book and archive exports: `/article/N` pages with prose, figures whose
/// images (real PNG, JPEG and GIF files, a WebP, and one that is missing) live on a second host, and
/// markup that HTML forgives and XHTML does not. Capture needs the loopback allowance of
/// ``CaptureCommandTests/allowLoopback(_:)``.
final class BookSite: Sendable {
    /// The articles' server (127.0.0.1).
    let site: ScriptedHTTPServer
    /// The images' server (127.0.0.2).
    let images: ScriptedHTTPServer

    /// An 8×6 PNG, written by Java's ImageIO.
    static let png = [UInt8](Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAY0lEQVR4Xg3JIQEAQQhFQZKgCbEh0Jvky5cCTYgNgSbR3dgxM9w4xjVklPGMNcwCD05wAwUVvGDjj8STk9xESSUv2fxDuDjiCokST6z+aLw5zW3UVPOa7T8GH85wBw01vGGHD8x/PnEovKLEAAAAAElFTkSuQmCC")!)
    /// An 8×6 JPEG.
    static let jpeg = [UInt8](Data(base64Encoded: "/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAGAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCtonge0+XlPyooorkxOMr+0fvM1yTH4n6pH32f/9k=")!)
    /// An 8×6 GIF.
    static let gif = [UInt8](Data(base64Encoded: "R0lGODlhCAAGAPUAAAAAgB4AgAAogB4ogDwAgDwogABQgB5QgAB4gB54gDxQgDx4gFoAgFoogHgAgHgogFpQgFp4gHhQgHh4gACggB6ggDyggADIgB7IgDzIgFqggHiggFrIgHjIgJYAgJYogLQAgLQogJZQgJZ4gLRQgLR4gNIAgNIogNJQgNJ4gJaggLSggJbIgLTIgNKggNLIgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgAAAgCwAAAAACAAGAEUIOQABBCDAwIEHECYoVLCgYYOKFS4MHFAAQYIIEigEDCjQ4MGHECcQJFgQYcKIEikuYMjAoQOLFi8CAgA7")!)
    /// The start of a WebP (capture keeps it; a book leaves it out).
    static let webp = Array("RIFF".utf8) + [0x20, 0, 0, 0] + Array("WEBPVP8 ".utf8) + Array(repeating: 7, count: 40)

    /// A paragraph of prose.
    static let prose = "The harbour was quiet that morning, and the boats rocked gently against the old stone quay while "
        + "the fishermen mended their nets and talked about the weather, the prices at market and the long winter ahead."

    /// Starts both servers.
    init() throws {
        site = try ScriptedHTTPServer(host: "127.0.0.1")
        images = try ScriptedHTTPServer(host: "127.0.0.2")
        for (path, type, bytes) in [("/p.png", "image/png", Self.png), ("/j.jpg", "image/jpeg", Self.jpeg),
                                    ("/g.gif", "image/gif", Self.gif), ("/w.webp", "image/webp", Self.webp)] {
            images.route(path) { _ in ScriptedHTTPServer.Response(headers: [("Content-Type", type)], body: bytes) }
        }
        let imageBase = images.baseURL
        for number in 1...20 {
            site.route("/article/\(number)") { _ in
                .text(Self.page(number, imageBase: imageBase), contentType: "text/html; charset=utf-8")
            }
        }
    }

    /// The address of article `number`.
    func url(_ number: Int) -> String { site.baseURL + "/article/\(number)" }

    /// Stops both servers.
    func stop() {
        site.stop()
        images.stop()
    }

    /// Article `number`: prose, two or three figures, and on every page some markup XHTML does not forgive.
    static func page(_ number: Int, imageBase: String) -> String {
        let figures = [("p.png", "A blue square"), ("j.jpg", "A copper square"), ("g.gif", "A green square")]
            .prefix(number % 3 + 1)
            .map { "<figure><img src=\"\(imageBase)/\($0.0)?n=\(number)\" alt=\"\($0.1)\"><figcaption>\($0.1) &amp; more</figcaption></figure>" }
            .joined()
        let paragraphs = (1...6).map { "<p>\(prose) Part \($0) of article \(number).</p>" }.joined()
        let tricky = """
            <p>Entities&nbsp;kept: &copy; &eacute; &mdash; &lt;tag&gt; &amp;amp; ]]&gt; and a <a href="https://example.com/a b?q=1&amp;r=é#x#y">link with a space</a>, \
            a <a href="javascript:alert(1)">script link</a>, <abbr title="Hypertext">HTML</abbr>, x<sup>2</sup>, a<br>line<br/>break.</p>
            <b><p>Bold around a paragraph: \(prose)</p><p>And another paragraph inside the bold.</p></b>
            <ul><p>A paragraph straight in a list.</p><li>First item with <em>emphasis</em></li>text between<li>Second item</li></ul>
            <ol reversed start="3"><li>three</li><li>two</li></ol>
            <dl><dd>A definition without its term.</dd><dt>Term</dt></dl>
            <dl><dt>Harbour</dt><dd>A sheltered place for boats.</dd></dl>
            <table><tr><th>Boat</th><th>Catch</th></tr><tr><td>Mary</td><td colspan="0">Herring</td></tr><caption>Catches</caption></table>
            <figure><p>Before the caption.</p><figcaption>A caption in the middle</figcaption><p>After it.</p></figure>
            <details><summary>More</summary><p>Hidden text of the details.</p></details>
            <p>Published <time datetime="last tuesday">last Tuesday</time>; <ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>; \
            <bdo>no direction</bdo> and <bdo dir="rtl">reversed</bdo>; <q cite="https://example.com/q">a quote</q>; <span lang="he">שלום עולם</span> \
            <span lang="not a tag">mixed</span> مرحبا بالعالم.</p>
            <pre>code &lt;b&gt; ]]&gt; &amp; stays
              indented</pre>
            <blockquote><p>\(prose)</p></blockquote>
            <p>A picture: <img src="\(imageBase)/w.webp?n=\(number)" alt="webp"> and a missing one: <img src="\(imageBase)/gone.png" alt="gone"></p>
            """
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour story \(number)</title>
            <meta name="author" content="Ada Lovelace"><meta property="og:site_name" content="Harbour News"></head>
            <body><nav><a href="/">Home</a></nav><article><h1>Harbour story \(number)</h1>\(paragraphs)\(figures)\(tricky)\(paragraphs)</article>
            <footer>Copyright</footer></body></html>
            """
    }
}
