import Foundation
import SatchelShared
import Testing
@testable import SatchelMarkdown

@Suite("Post bodies")
struct PostMarkdownTests {
    static let owner = UUID()

    /// A made-up digest, distinct per seed.
    static func digest(seed: Int) -> BlobDigest {
        BlobDigest(sha256: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ seed &+ ($0 == 0 ? seed >> 8 : 0)) })
    }

    static func media(
        width: Int = 1600, height: Int = 1200, alt: String = "Boats at dawn", caption: String = "The harbour",
        credit: String = "", ready: Bool = true
    ) -> Media {
        let widths = [320, 640, 960, 1280, width]
        let variants = ready ? widths.flatMap { w in
            ["image/webp", "image/jpeg"].map { type in
                MediaVariant(
                    width: w, height: w * height / width, mediaType: type,
                    digest: digest(seed: w * 2 + (type == "image/webp" ? 1 : 0)),
                    size: 100)
            }
        } : []
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Media(
            id: UUID(), ownerId: owner, digest: BlobDigest(sha256: Array(repeating: 7, count: 32)), mediaType: "image/jpeg",
            size: 1, name: "boats.jpg", width: width, height: height, frames: 1, alt: alt, caption: caption, credit: credit,
            variantsStatus: ready ? .ready : .pending, variants: variants, createdAt: now, updatedAt: now)
    }

    @Test("GitHub's extensions: tables, strikethrough and autolinks")
    func extensions() {
        let table = PostMarkdown.render("| a | b |\n|---|:-:|\n| 1 | 2 |\n").html
        #expect(table.contains("<table>") && table.contains("<th>a</th>") && table.contains("<td align=\"center\">2</td>"))
        #expect(PostMarkdown.render("~~gone~~\n").html == "<p><del>gone</del></p>\n")
        #expect(PostMarkdown.render("see www.example.com now\n").html
            == "<p>see <a href=\"http://www.example.com\">www.example.com</a> now</p>\n")
    }

    @Test("raw HTML is never rendered: it reads as the text it is, inline and as a block")
    func rawHTML() {
        #expect(PostMarkdown.render("Use <b>bold</b> here\n").html == "<p>Use &lt;b&gt;bold&lt;/b&gt; here</p>\n")
        #expect(PostMarkdown.render("<script>alert(1)</script>\n").html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n")
        #expect(PostMarkdown.render("<div onclick=\"x()\">\nhi\n</div>\n").html.contains("&lt;div onclick=&quot;x()&quot;&gt;"))
        #expect(!PostMarkdown.render("[x](javascript:alert(1))\n").html.contains("javascript:"))
    }

    @Test("a media item alone in a paragraph is a figure: picture, WebP and JPEG srcsets, sizes, width, height, lazy, caption")
    func figure() throws {
        let item = Self.media(credit: "Photo: Ada")
        let body = "Intro.\n\n![ignored](media:\(item.id) \"Boats in the morning\")\n\nAfter.\n"
        let rendered = PostMarkdown.render(body, options: .init(media: [item.id: item]))
        #expect(rendered.featured == nil)
        let html = rendered.html
        #expect(html.hasPrefix("<p>Intro.</p>\n<figure class=\"media\"><picture><source type=\"image/webp\" srcset=\""))
        #expect(html.contains("/media/\(item.variants[0].digest.hex).webp 320w"))
        #expect(html.contains("sizes=\"(max-width: 62.5rem) calc(100vw - 2.5rem), 60rem\""))
        #expect(html.contains("width=\"1600\" height=\"1200\" alt=\"Boats at dawn\" loading=\"lazy\" decoding=\"async\""))
        #expect(html.contains("<figcaption>Boats in the morning <span class=\"credit\">Photo: Ada</span></figcaption></figure>"))
        #expect(html.hasSuffix("</figure>\n<p>After.</p>\n"))
        #expect(rendered.imageURL == item.variants.last?.url)
    }

    @Test("the first block as a figure is the featured image: eager, out of the body; an explicit one wins")
    func featured() throws {
        let first = Self.media(), second = Self.media(alt: "Second")
        let media = [first.id: first, second.id: second]
        let body = "![](media:\(first.id))\n\nText.\n\n![x](media:\(second.id))\n"
        let rendered = PostMarkdown.render(body, options: .init(media: media, origin: "https://blog.example"))
        let featured = try #require(rendered.featured)
        #expect(featured.html.hasPrefix("<figure class=\"featured media\">"))
        #expect(featured.html.contains("fetchpriority=\"high\"") && !featured.html.contains("loading=\"lazy\""))
        #expect(featured.html.contains("<figcaption>The harbour</figcaption>"))
        #expect(featured.imageURL == "https://blog.example" + (first.variants.last?.url ?? ""))
        #expect(rendered.imageURL == featured.imageURL)
        #expect(rendered.html.hasPrefix("<p>Text.</p>\n<figure class=\"media\">"))
        #expect(rendered.html.contains("srcset=\"https://blog.example/media/"), "feeds get absolute addresses")
        let explicit = PostMarkdown.render(body, options: .init(media: media, featuredMediaId: second.id))
        #expect(explicit.featured?.html.contains("alt=\"Second\"") == true)
        #expect(explicit.html.contains("alt=\"Boats at dawn\" loading=\"lazy\""))
    }

    @Test("alt text: the item's, else the body's; references list each item once with the body's alt")
    func altText() {
        let bare = Self.media(alt: "")
        let rendered = PostMarkdown.render("![From the body](media:\(bare.id))\n", options: .init(media: [bare.id: bare]))
        #expect(rendered.featured?.html.contains("alt=\"From the body\"") == true)
        let other = UUID()
        let references = PostMarkdown.mediaReferences(
            in: "![a](media:\(bare.id))\n\nText ![](media:\(other.uuidString.lowercased())) and ![b](media:\(bare.id))\n\n![c](media:nope)")
        #expect(references == [MediaReference(id: bare.id, alt: "a"), MediaReference(id: other, alt: "")])
    }

    @Test("an item that does not exist is left out; one whose variants are pending shows its alt text in place")
    func missingAndPending() {
        let missing = PostMarkdown.render("Before.\n\n![gone](media:\(UUID()))\n\nAfter.\n")
        #expect(missing.html == "<p>Before.</p>\n<p>After.</p>\n")
        let pending = Self.media(ready: false)
        let rendered = PostMarkdown.render("Text.\n\n![](media:\(pending.id))\n", options: .init(media: [pending.id: pending]))
        #expect(rendered.html.contains("<span class=\"media-pending\" role=\"img\" aria-label=\"Boats at dawn\">Boats at dawn</span>"))
        #expect(rendered.imageURL == nil)
    }

    @Test("a media item inside a paragraph is a bare picture; text around it stays")
    func inline() {
        let item = Self.media()
        let html = PostMarkdown.render("Look ![x](media:\(item.id)) here.\n", options: .init(media: [item.id: item])).html
        #expect(html.hasPrefix("<p>Look <picture>") && html.hasSuffix("</picture> here.</p>\n"))
        #expect(!html.contains("<figure"))
    }

    @Test("text in captions and alt is escaped")
    func escaping() {
        let item = Self.media(alt: "a \"quote\" <b>", caption: "<script>x</script>", credit: "&")
        let html = PostMarkdown.render("Text.\n\n![](media:\(item.id))\n", options: .init(media: [item.id: item])).html
        #expect(html.contains("alt=\"a &quot;quote&quot; &lt;b&gt;\""))
        #expect(html.contains("<figcaption>&lt;script&gt;x&lt;/script&gt; <span class=\"credit\">&amp;</span></figcaption>"))
        #expect(!html.contains("<script>"))
    }
}
