import SatchelFetch
import Testing

@Suite("URLNormalizer")
struct URLNormalizerTests {
    @Test("equivalent spellings of one page share a key", arguments: [
        ("HTTP://Example.COM/a", "http://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com", "http://example.com/"),
        ("http://example.com/", "http://example.com/"),
        ("http://example.com?x=1", "http://example.com/?x=1"),
        ("http://example.com/a/", "http://example.com/a"),
        ("http://example.com/a//", "http://example.com/a/"),
        ("http://example.com/a#section", "http://example.com/a"),
        ("http://example.com/a?#frag", "http://example.com/a"),
        ("http://example.com/a?", "http://example.com/a"),
        ("http://example.com/%e2%82%ac?q=%c3%a9", "http://example.com/%E2%82%AC?q=%C3%A9"),
        ("http://example.com/100%", "http://example.com/100%"),
        ("http://example.com/Path/Case", "http://example.com/Path/Case"),
        ("http://[2001:DB8::1]:80/", "http://[2001:db8::1]/"),
        ("http://example.com:/a", "http://example.com/a"),
    ])
    func equivalents(input: String, expected: String) {
        #expect(URLNormalizer.normalize(input) == expected)
    }

    @Test("tracking parameters are dropped, the others kept in order", arguments: [
        ("http://x.com/a?utm_source=tw&id=7&utm_medium=social", "http://x.com/a?id=7"),
        ("http://x.com/a?UTM_Campaign=z", "http://x.com/a"),
        ("http://x.com/a?fbclid=abc", "http://x.com/a"),
        ("http://x.com/a?b=2&gclid=1&a=1", "http://x.com/a?b=2&a=1"),
        ("http://x.com/a?mc_eid=1&igshid=2&z=3", "http://x.com/a?z=3"),
        ("http://x.com/a?utm_=1&utmost=2", "http://x.com/a?utmost=2"),
        ("http://x.com/a?q&&r=1", "http://x.com/a?q&r=1"),
        ("http://x.com/a/?page=2#top", "http://x.com/a?page=2"),
    ])
    func tracking(input: String, expected: String) {
        #expect(URLNormalizer.normalize(input) == expected)
    }

    @Test("anything but an absolute http(s) URL is nil", arguments: [
        "", "example.com", "/a/b", "//example.com/a", "ftp://example.com/", "javascript:alert(1)", "http:/x.com",
        "http://", "http:///a", "http://x.com:80a/", "http://exa mple.com/", "mailto:a@b.c", "http://[::1/",
        "http://x.com/\n",
    ])
    func refused(input: String) {
        #expect(URLNormalizer.normalize(input) == nil)
    }

    @Test("normalizing twice changes nothing")
    func idempotent() {
        for url in ["HTTP://X.com:80/a/?utm_x=1&b=%2f#f", "https://x.com", "http://u:p@X.com:8080/%7e/"] {
            let once = URLNormalizer.normalize(url)
            #expect(once != nil)
            #expect(once.flatMap(URLNormalizer.normalize) == once)
        }
    }
}
