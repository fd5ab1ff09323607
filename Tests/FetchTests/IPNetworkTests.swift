import Testing
@testable import SatchelFetch

@Suite("IPAddress and IPNetwork")
struct IPNetworkTests {
    @Test("strict dotted quads parse; other IPv4 spellings do not", arguments: [
        ("127.0.0.1", true), ("0.0.0.0", true), ("255.255.255.255", true), ("127.1", false), ("0177.0.0.1", false),
        ("2130706433", false), ("0x7f000001", false), ("256.0.0.1", false), ("1.2.3.4.", false), ("1.2.3", false),
        ("01.2.3.4", false), ("+1.2.3.4", false), ("1.2.3.4 ", false), ("", false), ("1..3.4", false),
    ])
    func ipv4Parsing(text: String, valid: Bool) {
        #expect((IPAddress(text) != nil) == valid)
    }

    @Test("RFC 4291 IPv6 text parses, with or without brackets", arguments: [
        ("::", "::"), ("::1", "::1"), ("[::1]", "::1"), ("2001:DB8::8:800:200C:417A", "2001:db8::8:800:200c:417a"),
        ("FF01:0:0:0:0:0:0:101", "ff01::101"), ("0:0:0:0:0:0:13.1.68.3", "::d01:4403"),
        ("::FFFF:129.144.52.38", "::ffff:129.144.52.38"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("1::", "1::"), ("2606:4700::1111", "2606:4700::1111"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
    ])
    func ipv6Parsing(text: String, canonical: String) {
        #expect(IPAddress(text)?.description == canonical)
    }

    @Test("malformed IPv6 text is refused", arguments: [
        ":::", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "[::1", "::1]", "fe80::1%eth0",
        "::ffff:1.2.3", "g::1", ":1::", "1:2:3:4:5:6:7::8:9",
    ])
    func ipv6Malformed(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("a CIDR network contains its own addresses only")
    func contains() throws {
        let ten = try #require(IPNetwork(cidr: "10.0.0.0/8"))
        #expect(ten.contains(IPAddress("10.255.0.1")!))
        #expect(!ten.contains(IPAddress("11.0.0.0")!))
        #expect(!ten.contains(IPAddress("::ffff:10.0.0.1")!))
        let ula = try #require(IPNetwork(cidr: "fd00::/8"))
        #expect(ula.contains(IPAddress("fd12::1")!))
        #expect(!ula.contains(IPAddress("fc00::1")!))
        let all = try #require(IPNetwork(cidr: "0.0.0.0/0"))
        #expect(all.contains(IPAddress("8.8.8.8")!))
    }

    @Test("an address alone is a /32 or /128")
    func singleAddress() {
        #expect(IPNetwork(cidr: "127.0.0.1")?.description == "127.0.0.1/32")
        #expect(IPNetwork(cidr: "::1")?.description == "::1/128")
        #expect(IPNetwork(cidr: "127.0.0.1")?.contains(IPAddress("127.0.0.2")!) == false)
    }

    @Test("bad CIDRs are refused", arguments: [
        "10.0.0.0/33", "::/129", "10.0.0.1/8", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/+8",
        "/8", "10.0.0/8", "localhost", "10.0.0.0/8/8", "fd00::1/8", "",
    ])
    func badCIDR(text: String) {
        #expect(IPNetwork(cidr: text) == nil)
    }

    @Test("an allowlist parses comma- or space-separated items and names the first bad one")
    func allowList() throws {
        let list = try IPNetwork.parseList("127.0.0.1, 10.0.0.0/8 fd00::/8,,")
        #expect(list.map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "fd00::/8"])
        #expect(try IPNetwork.parseList("").isEmpty)
        #expect(throws: FetchError.invalidAllowList("10.0.0.1/8")) { try IPNetwork.parseList("127.0.0.1,10.0.0.1/8") }
        #expect(throws: FetchError.invalidAllowList("intranet")) { try IPNetwork.parseList("intranet") }
    }

    @Test("odd numeric host spellings are detected; names and plain addresses are not", arguments: [
        ("2130706433", true), ("0x7f000001", true), ("017700000001", true), ("127.1", true), ("0177.0.0.1", true),
        ("127.0.0.1.", true), ("0x7f.1", true), ("1.2.3.0x4", true), ("127.0.0.1", false), ("example.com", false),
        ("1.2.3.4.example.com", false), ("::1", false), ("cafe", false), ("123abc.com", false), ("8.8.8.8", false),
    ])
    func oddSpellings(host: String, odd: Bool) {
        #expect(HostSpelling.isOddNumericHost(host) == odd)
    }
}
