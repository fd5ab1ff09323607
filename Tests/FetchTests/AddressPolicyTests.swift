import Testing
@testable import SatchelFetch

@Suite("AddressPolicy")
struct AddressPolicyTests {
    private func reason(_ text: String, allowed: [String] = []) -> String? {
        AddressPolicy.refusal(for: IPAddress(text)!, allowed: allowed.map { IPNetwork(cidr: $0)! })
    }

    @Test("every refused IPv4 range is refused, at both ends, with its reason", arguments: [
        ("0.0.0.0", "0.255.255.255", "\"this network\""),
        ("10.0.0.0", "10.255.255.255", "private network"),
        ("100.64.0.0", "100.127.255.255", "carrier-grade NAT"),
        ("127.0.0.0", "127.255.255.255", "loopback"),
        ("169.254.0.0", "169.254.255.255", "link-local (cloud metadata)"),
        ("172.16.0.0", "172.31.255.255", "private network"),
        ("192.0.0.0", "192.0.0.255", "reserved (IETF protocol assignments)"),
        ("192.0.2.0", "192.0.2.255", "documentation"),
        ("192.168.0.0", "192.168.255.255", "private network"),
        ("198.18.0.0", "198.19.255.255", "benchmarking"),
        ("198.51.100.0", "198.51.100.255", "documentation"),
        ("203.0.113.0", "203.0.113.255", "documentation"),
        ("224.0.0.0", "239.255.255.255", "multicast"),
        ("240.0.0.0", "255.255.255.254", "reserved"),
        ("255.255.255.255", "255.255.255.255", "broadcast"),
    ])
    func refusedIPv4(first: String, last: String, expected: String) {
        #expect(reason(first) == expected)
        #expect(reason(last) == expected)
    }

    @Test("addresses just outside the refused IPv4 ranges are allowed", arguments: [
        "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0",
        "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0",
        "198.17.255.255", "198.20.0.0", "223.255.255.255", "1.0.0.0",
    ])
    func nearMisses(address: String) {
        #expect(reason(address) == nil)
    }

    @Test("every refused IPv6 range is refused with its reason", arguments: [
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("::7f00:1", "IPv4-compatible (deprecated)"),
        ("64:ff9b::7f00:1", "NAT64"),
        ("64:ff9b::808:808", "NAT64"),
        ("100::1", "discard-only"),
        ("2001:db8::1", "documentation"),
        ("2001::1", "special-purpose"),
        ("2001:1ff:ffff::1", "special-purpose"),
        ("fc00::1", "unique local (private network)"),
        ("fdff:ffff::1", "unique local (private network)"),
        ("fe80::1", "link-local"),
        ("febf::1", "link-local"),
        ("fec0::1", "site-local"),
        ("ff02::1", "multicast"),
        ("2002:7f00:1::1", "6to4 loopback"),
    ])
    func refusedIPv6(address: String, expected: String) {
        #expect(reason(address) == expected)
    }

    @Test("public addresses are allowed", arguments: [
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111", "2a00:1450:4001:80b::200e", "2002:808:808::1",
    ])
    func publicAddresses(address: String) {
        #expect(reason(address) == nil)
    }

    @Test("IPv4-mapped IPv6 is refused whatever it carries, naming what it would reach")
    func ipv4Mapped() {
        #expect(reason("::ffff:127.0.0.1") == "IPv4-mapped loopback")
        #expect(reason("::ffff:7f00:1") == "IPv4-mapped loopback")
        #expect(reason("::ffff:169.254.169.254") == "IPv4-mapped link-local (cloud metadata)")
        #expect(reason("::ffff:8.8.8.8") == "IPv4-mapped")
    }

    @Test("an allowlisted network overrides the refusal, and only for its own addresses")
    func allowlist() {
        #expect(reason("127.0.0.1", allowed: ["127.0.0.1/32"]) == nil)
        #expect(reason("127.0.0.2", allowed: ["127.0.0.1/32"]) == "loopback")
        #expect(reason("10.1.2.3", allowed: ["10.0.0.0/8"]) == nil)
        #expect(reason("fd00::5", allowed: ["fd00::/8"]) == nil)
        #expect(reason("::1", allowed: ["127.0.0.0/8"]) == "loopback")
        #expect(reason("::ffff:127.0.0.1", allowed: ["127.0.0.0/8"]) == "IPv4-mapped loopback")
    }

    @Test("the connect-time check refuses ports outside the policy, except inside an allowlisted network")
    func connectGuardPorts() {
        let open = ConnectGuard(policy: .standard)
        open.reset(host: "news.example.com")
        #expect(open.check(IPAddress("93.184.216.34")!, port: 443) == nil)
        #expect(open.check(IPAddress("93.184.216.34")!, port: 8080) == .refusedPort(8080))
        #expect(open.check(IPAddress("127.0.0.1")!, port: 80)
            == .refusedAddress(host: "news.example.com", address: "127.0.0.1", reason: "loopback"))
        let lab = ConnectGuard(policy: FetchPolicy(allowedNetworks: [IPNetwork(cidr: "10.0.0.0/8")!]))
        #expect(lab.check(IPAddress("10.0.0.7")!, port: 8080) == nil)
        #expect(lab.check(IPAddress("8.8.8.8")!, port: 8080) == .refusedPort(8080))
    }
}
