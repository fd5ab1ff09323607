import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

@Suite("Demo content")
struct DemoContentTests {
    @Test("loads posts by two authors with tags, comments and one closed post, once")
    func loads() async throws {
        try await LiveServer.run { server in
            #expect(try await DemoContent.load(into: server.dependencies))
            #expect(try await DemoContent.load(into: server.dependencies) == false, "never loaded twice")
            let page = try await server.send(.get, "/v1/posts").decode(Page<Post>.self)
            #expect(page.items.count >= 5)
            #expect(Set(page.items.map(\.author.id)).count == 2)
            #expect(page.items.contains { $0.commentStatus == .closed })
            #expect(page.items.contains { $0.commentCount > 0 })
            #expect(page.items.allSatisfy { !$0.tags.isEmpty && $0.readingTimeMinutes >= 1 })
            let login = try await server.send(
                .post, "/v1/tokens", json: LoginRequest(username: "grace", password: DemoContent.password))
            #expect(login.status == .created)
        }
    }
}
