import Foundation
import Testing
@testable import SatchelCapture

/// Sanitizing for an offline copy: mapped images point at local files, nothing else loosens.
@Suite struct ImageRewritingTests {
    let base = URL(string: "https://site.example/post/")

    func rewrite(_ html: String, _ map: [String: String]) -> String {
        HTMLSanitizer.rewritingImageSources(html: html, baseURL: base) { map[$0] }
    }

    @Test func mappedImagesPointAtTheirCopyAndLoseSrcset() {
        let html = #"<p><img src="/img/a.png" srcset="/img/a2.png 2x" alt="A" width="40"><img src="https://cdn.example/b.png" srcset="https://cdn.example/b2.png 2x" alt="B"></p>"#
        #expect(rewrite(html, ["https://site.example/img/a.png": "file:///cache/a.png"])
            == #"<p><img src="file:///cache/a.png" alt="A" width="40"><img src="https://cdn.example/b.png" srcset="https://cdn.example/b2.png 2x" alt="B"></p>"#)
    }

    @Test func withoutAMappingTheOutputIsTheSanitizers() {
        let html = #"<div><p>One <a href="/x" onclick="y()">link</a></p><picture><source srcset="/a.webp" type="image/webp"><img src="/a.jpg"></picture><script>x()</script></div>"#
        #expect(rewrite(html, [:]) == HTMLSanitizer.sanitize(html, baseURL: base))
    }

    @Test func aMappedPictureLosesItsSources() {
        let html = #"<picture><source srcset="/a.webp" type="image/webp"><img src="/a.jpg" alt="a"></picture>"#
        #expect(rewrite(html, ["https://site.example/a.jpg": "file:///cache/a.jpg"]) == #"<picture><img src="file:///cache/a.jpg" alt="a"></picture>"#)
        #expect(rewrite(html, [:])
            == #"<picture><source srcset="https://site.example/a.webp" type="image/webp"><img src="https://site.example/a.jpg" alt="a"></picture>"#)
    }

    @Test func thePagesOwnLocalAndScriptURLsNeverComeThrough() {
        let html = #"""
            <img src="file:///etc/passwd"><img src="javascript:alert(1)"><img srcset="file:///etc/shadow 2x">\#
            <a href="file:///etc/hosts">f</a><img src="https://ok.example/i.png"><img src="https://ok.example/i.png" alt="again">\#
            <picture><source srcset="file:///etc/group"><img src="https://ok.example/p.png"></picture>
            """#
        var asked: [String] = []
        let output = HTMLSanitizer.rewritingImageSources(html: html, baseURL: base) { url in
            asked.append(url)
            return "file:///cache/copy.png"
        }
        #expect(asked == ["https://ok.example/i.png", "https://ok.example/p.png"])
        #expect(output == #"""
            <a rel="noopener noreferrer nofollow">f</a><img src="file:///cache/copy.png"><img src="file:///cache/copy.png" alt="again">\#
            <picture><img src="file:///cache/copy.png"></picture>
            """#)
        for violation in HTMLSanitizer.violations(in: output) {
            #expect(violation.contains("file:///cache/copy.png"), "\(violation)")
        }
    }

    @Test func replacementsAreEscapedInTheAttribute() {
        #expect(rewrite(#"<img src="/a.png">"#, ["https://site.example/a.png": #"file:///c/a".png"><script>"#])
            == #"<img src="file:///c/a&quot;.png&quot;&gt;&lt;script&gt;">"#)
    }
}
