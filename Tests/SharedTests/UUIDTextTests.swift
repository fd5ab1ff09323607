import Foundation
import SatchelShared
import Testing

@Suite("UUID text and time-ordered ids")
struct UUIDTextTests {
    @Test("the hand-written text form is uuidString, and parses back in either case")
    func textRoundTrip() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(id.text == id.uuidString)
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.uuidString.lowercased()) == id)
        }
    }

    @Test("malformed ids are refused", arguments: [
        "", "not-a-uuid", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8-C36C-495A-93FC-0C247A3E6E5FF",
        "E621E1F8C36C-495A-93FC-0C247A3E6E5F0", "G621E1F8-C36C-495A-93FC-0C247A3E6E5F", "E621E1F8-C36C-495A-93FC_0C247A3E6E5F",
    ])
    func malformed(text: String) {
        #expect(UUID(text: text) == nil)
    }

    @Test("time-ordered ids carry version 7, the RFC 9562 variant and their millisecond")
    func version7Layout() {
        var generator = SeededGenerator(seed: 7)
        let millis: Int64 = 1_764_410_000_123
        let id = UUID.timeOrdered(millis: millis, using: &generator)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let time = bytes[0..<6].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        #expect(time == millis)
        #expect(id.uuidString.hasPrefix(String(format: "%08llX", millis >> 16)))
    }

    @Test("ids minted in later milliseconds sort after earlier ones, as text too; none repeat")
    func ordering() {
        var generator = SeededGenerator(seed: 42)
        let start: Int64 = 1_764_410_000_000
        let ids = (0..<1_000).map { UUID.timeOrdered(millis: start + Int64($0), using: &generator) }
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        #expect(Set(ids).count == ids.count)
        let now = (0..<1_000).map { _ in UUID.timeOrdered() }
        #expect(Set(now).count == now.count)
    }

    @Test("a timestamp's bytes are its sortable string form")
    func hlcBytes() {
        let stamp = HLCTimestamp(wallMillis: 1_732_850_000_000, counter: 7, node: "laptop")
        var bytes: [UInt8] = []
        stamp.write(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "0001732850000000-0000000007-laptop")
        #expect(stamp.description == "0001732850000000-0000000007-laptop")
        #expect(HLCTimestamp(string: stamp.description) == stamp)
        let extreme = HLCTimestamp(wallMillis: HLCTimestamp.maxWallMillis, counter: .max, node: "")
        #expect(extreme.description == "9999999999999999-4294967295-")
    }
}
