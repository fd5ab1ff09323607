import Foundation
import Testing
import SatchelCapture

/// One test per extraction rule, on pages written here.
@Suite struct ExtractionTests {
    @Test func findsTheArticleAndLeavesOutFurniture() {
        let article = Pages.extract(Pages.page())
        #expect(article.title == "The Flood That Took the Bridge")
        #expect(article.text.contains("Old Marta, who had seen two floods already"))
        #expect(article.text.contains("one metre and twelve centimetres"))
        #expect(!article.text.contains("Sport"))
        #expect(!article.text.contains("All rights reserved"))
        #expect(article.readerable)
        #expect(article.lang == "en")
        #expect(article.wordCount == Pages.sentences.joined(separator: " ").split(separator: " ").count)
        #expect(article.readingTime == 1)
        #expect(article.text.components(separatedBy: "\n\n").count == Pages.sentences.count)
    }

    @Test func resolvesRelativeURLsAgainstBase() {
        let html = Pages.page(
            head: #"<base href="https://cdn.example/assets/">"#,
            article: Pages.paragraphs + #"<p>See <a href="notes/flood.html">the notes</a> and <a href="/about">about</a>.</p><img src="img/bridge.jpg" width="640" height="480" alt="The bridge">"#)
        let article = Pages.extract(html)
        #expect(article.html.contains(#"href="https://cdn.example/assets/notes/flood.html""#))
        #expect(article.html.contains(#"href="https://cdn.example/about""#))
        #expect(article.images == [ArticleImage(url: "https://cdn.example/assets/img/bridge.jpg", alt: "The bridge", width: 640, height: 480)])
    }

    @Test func relativeBaseResolvesAgainstThePageURL() {
        let html = Pages.page(head: #"<base href="/media/">"#, article: Pages.paragraphs + #"<img src="a.png">"#)
        #expect(Pages.extract(html).images.map(\.url) == ["https://news.example/media/a.png"])
    }

    @Test func keepsLazyLoadedImages() {
        let images = """
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/one.jpg" alt="one">
            <img class="lazy" data-srcset="/img/two-400.jpg 400w, /img/two-800.jpg 800w">
            <img src="/img/placeholder.png" data-original="/img/three.jpg">
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><noscript><img src="/img/four.jpg" alt="four"></noscript>
            <picture><source srcset="/img/five.webp" type="image/webp"><img src="/img/five.jpg" alt="five"></picture>
            """
        let article = Pages.extract(Pages.page(article: Pages.paragraphs + "<div>\(images)</div>" + "<p>\(Pages.sentences[0])</p>"))
        #expect(article.images.map(\.url) == [
            "https://news.example/img/one.jpg", "https://news.example/img/two-800.jpg", "https://news.example/img/three.jpg",
            "https://news.example/img/four.jpg", "https://news.example/img/five.jpg",
        ])
        #expect(article.html.contains(#"<source srcset="https://news.example/img/five.webp" type="image/webp">"#))
        #expect(!article.html.contains("data:image/gif"))
    }

    @Test func noscriptCopyOfALoadedImageIsNotDoubled() {
        let images = #"<img data-src="/img/one.jpg" alt="one"><noscript><img src="/img/one.jpg" alt="one"></noscript>"#
        let article = Pages.extract(Pages.page(article: Pages.paragraphs + "<p>\(images)</p>"))
        #expect(article.images.map(\.url) == ["https://news.example/img/one.jpg"])
    }

    @Test func figuresKeepTheirCaptions() {
        let figure = #"<figure><img src="/img/school.jpg" alt="The school"><figcaption>The school on the hill, <b>dry</b>.</figcaption></figure>"#
        let article = Pages.extract(Pages.page(article: Pages.paragraphs + figure + "<p>\(Pages.sentences[1])</p>"))
        #expect(article.images.first?.caption == "The school on the hill, dry.")
        #expect(article.html.contains("<figcaption>The school on the hill, <b>dry</b>.</figcaption>"))
        #expect(!article.text.contains("The school on the hill"))  // captions stay out of the reading text
    }

    @Test func bylineFromJSONLD() {
        let jsonLD = """
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Village News"},
            {"@type":"NewsArticle","headline":"The Flood of 2024","author":[{"@type":"Person","name":"Ada Brook"},{"@type":"Person","name":"Tom Reed"}],
            "publisher":{"@type":"Organization","name":"Village News Ltd"},"datePublished":"2024-03-02T08:00:00Z","description":"A village waits out the water."}]}</script>
            """
        let article = Pages.extract(Pages.page(head: jsonLD))
        #expect(article.byline == "Ada Brook, Tom Reed")
        #expect(article.title == "The Flood of 2024")
        #expect(article.siteName == "Village News Ltd")
        #expect(article.publishedTime == "2024-03-02T08:00:00Z")
        #expect(article.excerpt == "A village waits out the water.")
    }

    @Test func metadataFromOpenGraphAndMeta() {
        let head = """
            <meta property="og:site_name" content="Village News"><meta property="og:image" content="/img/lead.jpg">
            <meta name="author" content="Ada Brook"><link rel="canonical" href="/2024/flood">
            """
        let article = Pages.extract(Pages.page(head: head))
        #expect(article.siteName == "Village News")
        #expect(article.byline == "Ada Brook")
        #expect(article.leadImage == "https://news.example/img/lead.jpg")
        #expect(article.canonicalURL == "https://news.example/2024/flood")
        #expect(article.title == "The Flood That Took the Bridge")  // from <title>, without the site's name
    }

    @Test func bylineFromThePageWhenMetadataHasNone() {
        let article = Pages.extract(Pages.page(article: #"<p class="byline">By Ada Brook</p>"# + Pages.paragraphs))
        #expect(article.byline == "By Ada Brook")
        #expect(!article.text.contains("By Ada Brook"))
    }

    @Test func rightToLeftDirection() {
        let article = Pages.extract(Pages.page(htmlAttributes: #"lang="ar" dir="rtl""#))
        #expect(article.dir == "rtl")
        #expect(article.lang == "ar")
    }

    @Test func aPageThatIsNotAnArticle() {
        let links = (1...40).map { #"<li><a href="/item/\#($0)">Item number \#($0)</a></li>"# }.joined()
        let html = "<html><head><title>Shop - Index</title></head><body><nav><ul>\(links)</ul></nav><div class=grid><p>Welcome.</p></div></body></html>"
        let article = Pages.extract(html)
        #expect(!article.readerable)
        #expect(article.wordCount < 60)
    }

    @Test func commentSectionIsNotTheBody() {
        let comments = (1...12).map { number in
            "<li class=\"comment\"><p>Reader \(number) says: I grew up in a village just like this one, and we had a flood in the spring of my eleventh year, which I remember because the school stayed open, and the teachers, bless them, made soup for everyone.</p></li>"
        }.joined()
        let html = Pages.page(article: Pages.paragraphs, after: #"<section id="comments"><h2>12 comments</h2><ol>\#(comments)</ol></section>"#)
        let article = Pages.extract(html)
        #expect(article.text.contains("Old Marta"))
        #expect(!article.text.contains("Reader 3 says"))
    }

    @Test func dropsHiddenNodesShareBarsAndRelatedLists() {
        let html = Pages.page(article: """
            <div class="share-bar"><a href="https://social.example/share">Share on Social</a> <a href="mailto:?">Email</a></div>
            \(Pages.paragraphs)
            <p style="display: none">Hidden text that must go.</p><div hidden>Also hidden.</div>
            <div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Another story about rivers</a></li><li><a href="/b">Yet another story</a></li></ul></div>
            <div id="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
            """)
        let article = Pages.extract(html)
        for gone in ["Share on Social", "Hidden text", "Also hidden", "Another story about rivers", "cookies"] {
            #expect(!article.text.contains(gone), "\(gone) should be dropped")
        }
        #expect(article.text.contains("the best holiday they had ever had"))
    }

    @Test func embeddedPostsInSocialWrappersAreKept() {
        let embed = """
            <div class="social-media-embed"><blockquote class="post-embed"><p>The water reached the church steps at noon, and the bell still rang. <a href="https://posts.example/1">#flood</a></p>
            — Village Watch (@watch) <a href="https://posts.example/1">March 2, 2024</a></blockquote></div>
            """
        let article = Pages.extract(Pages.page(article: Pages.paragraphs + embed + "<p>\(Pages.sentences[3])</p>"))
        #expect(article.text.contains("the bell still rang"))
    }

    @Test func keepsTablesCodeListsAndQuotes() {
        let extra = """
            <table><thead><tr><th>Day</th><th>Level</th></tr></thead><tbody><tr><td>Monday</td><td>0.4 m</td></tr><tr><td>Tuesday</td><td>1.12 m</td></tr></tbody></table>
            <pre><code>level = max(levels)
            print(level)</code></pre>
            <ul><li>Boats moved to the square, every one of them, by noon.</li><li>Flour carried up to the school in sacks.</li></ul>
            <blockquote><p>It smelled different, colder.</p></blockquote>
            """
        let article = Pages.extract(Pages.page(article: Pages.paragraphs + extra + "<p>\(Pages.sentences[2])</p>"))
        #expect(article.html.contains("<th>Level</th>"))
        #expect(article.html.contains("<td>1.12 m</td>"))
        #expect(article.text.contains("level = max(levels)\nprint(level)"))
        #expect(article.html.contains("<li>Flour carried up to the school in sacks.</li>"))
        #expect(article.html.contains("<blockquote><p>It smelled different, colder.</p></blockquote>"))
    }

    @Test func jsonHasEveryKey() throws {
        let object = try JSONSerialization.jsonObject(with: Pages.extract(Pages.page()).jsonData()) as? [String: Any]
        for key in ["title", "byline", "siteName", "lang", "dir", "publishedTime", "excerpt", "text", "html", "readerable", "images", "wordCount"] {
            #expect(object?.keys.contains(key) == true, "missing \(key)")
        }
    }
}
