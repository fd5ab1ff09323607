import Testing
@testable import SatchelCapture

/// The standalone reading page: escaped values, a strict policy, the body as given.
@Suite struct OfflinePageTests {
    func page(title: String = "T", byline: String? = nil, siteName: String? = nil, source: String = "https://site.example/a",
              body: String = "<p>Body</p>", lang: String? = nil, dir: String? = nil) -> String {
        OfflinePage.standaloneDocument(title: title, byline: byline, siteName: siteName, sourceURL: source, bodyHTML: body, lang: lang, dir: dir)
    }

    @Test func everyValueIsEscaped() {
        let output = page(title: "</title><script>alert(1)</script>", byline: #""><img src=x onerror=alert(1)>"#,
                          siteName: "<b>Site</b>", source: #"https://site.example/?q="><script>"#)
        #expect(output.contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        #expect(output.contains("<h1>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
        #expect(output.contains(#"<p class="byline">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; · &lt;b&gt;Site&lt;/b&gt;</p>"#))
        #expect(output.contains(#"<a href="https://site.example/?q=&quot;&gt;&lt;script&gt;" rel="noopener noreferrer nofollow">"#))
        #expect(!output.contains("<script"))
        #expect(!output.contains("<img"))
    }

    @Test func aPageWithItsPolicyAndBody() {
        let output = page(title: "Title", byline: "Ada", siteName: "Site", body: "<p>Hello</p>", lang: "pt-BR", dir: "RTL")
        #expect(output.hasPrefix("<!DOCTYPE html>\n<html lang=\"pt-BR\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(output.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src file: https: http: data:; style-src 'unsafe-inline'">"#))
        #expect(output.contains("<p class=\"byline\">Ada · Site</p>"))
        #expect(output.contains("</header>\n<p>Hello</p>\n</article>"))
        #expect(output.contains("max-width"))
        #expect(output.contains("serif"))
        #expect(output.hasSuffix("</html>\n"))
    }

    @Test func badLanguageDirectionAndSourceAreLeftOut() {
        let output = page(source: "javascript:alert(1)", lang: #"en" onload="x"#, dir: "sideways")
        #expect(output.hasPrefix("<!DOCTYPE html>\n<html>\n"))
        #expect(!output.contains("href=\"javascript"))
        #expect(output.contains("<p class=\"source\">javascript:alert(1)</p>"))
    }
}
