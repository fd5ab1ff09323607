import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

@Suite("Accounts over HTTP")
struct AccountAPITests {
    @Test("register, log in, read /v1/me, log out")
    func lifecycle() async throws {
        try await LiveServer.run { server in
            let (user, token) = try await server.register("alice")
            #expect(user.role == .admin, "the first account administers the server")
            let me = try await server.send(.get, "/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(try me.decode(User.self) == user)

            let login = try await server.send(.post, "/v1/tokens", json: LoginRequest(username: "Alice", password: "correct horse"))
            #expect(login.status == .created)
            let second = try login.decode(TokenResponse.self)
            #expect(second.token != token)
            #expect(second.expiresAt > Date().addingTimeInterval(29 * 86_400))

            #expect(try await server.send(.delete, "/v1/tokens/current", token: token).status == .noContent)
            let afterLogout = try await server.send(.get, "/v1/me", token: token)
            #expect(afterLogout.status == .unauthorized)
            #expect(try afterLogout.problem().detail.contains("log in again"))
            #expect(try await server.send(.get, "/v1/me", token: second.token).status == .ok)
        }
    }

    @Test("wrong password, unknown user, missing and malformed tokens are 401")
    func unauthorized() async throws {
        try await LiveServer.run { server in
            _ = try await server.register("alice")
            let wrong = try await server.send(.post, "/v1/tokens", json: LoginRequest(username: "alice", password: "nope nope"))
            #expect(wrong.status == .unauthorized)
            let unknown = try await server.send(.post, "/v1/tokens", json: LoginRequest(username: "zed", password: "whatever1"))
            #expect(unknown.status == .unauthorized)
            #expect(try await server.send(.get, "/v1/me").status == .unauthorized)
            let basic = try await server.send(.get, "/v1/me", headers: [.authorization: "Basic abc"])
            #expect(basic.status == .unauthorized)
            #expect(basic.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await server.send(.delete, "/v1/tokens/current").status == .unauthorized)
        }
    }

    @Test("registration validates every field and refuses taken names")
    func validation() async throws {
        try await LiveServer.run { server in
            let bad = try await server.send(
                .post, "/v1/accounts", json: RegisterRequest(username: "A!", password: "short", email: "not-an-email"))
            #expect(bad.status == .unprocessableContent)
            let problem = try bad.problem()
            #expect(Set(problem.errors?.map(\.field) ?? []) == ["username", "password", "email"])
            _ = try await server.register("taken")
            let again = try await server.send(
                .post, "/v1/accounts", json: RegisterRequest(username: "TAKEN", password: "long enough", email: "t@example.com"))
            #expect(again.status == .conflict)
            #expect(try again.problem().errors?.first?.field == "username")
        }
    }

    @Test("a password of 8 code points is long enough, as the schema says, whatever its graphemes")
    func passwordLengthCountsCodePoints() async throws {
        try await LiveServer.run { server in
            // Found by schemathesis: "e" + U+0301 four times is 8 code points (schema-valid) but 4 graphemes.
            let decomposed = String(repeating: "e\u{301}", count: 4)
            let created = try await server.send(
                .post, "/v1/accounts", json: RegisterRequest(username: "accents", password: decomposed, email: "a@example.com"))
            #expect(created.status == .created)
            let login = try await server.send(.post, "/v1/tokens", json: LoginRequest(username: "accents", password: decomposed))
            #expect(login.status == .created)
            let seven = try await server.send(
                .post, "/v1/accounts",
                json: RegisterRequest(username: "seven", password: "e\u{301}e\u{301}e\u{301}e", email: "s@example.com"))
            #expect(seven.status == .unprocessableContent)
            #expect(try seven.problem().errors?.map(\.field) == ["password"])
        }
    }

    @Test("only admins change roles")
    func roles() async throws {
        try await LiveServer.run { server in
            let (_, admin) = try await server.register("admin")
            let (reader, readerToken) = try await server.register("reader")
            let denied = try await server.send(
                .patch, "/v1/users/\(reader.id)", json: UpdateUserRequest(role: .admin), token: readerToken)
            #expect(denied.status == .forbidden)
            let granted = try await server.send(
                .patch, "/v1/users/\(reader.id)", json: UpdateUserRequest(role: .author), token: admin)
            #expect(try granted.decode(User.self).role == .author)
            let missing = try await server.send(
                .patch, "/v1/users/\(UUID())", json: UpdateUserRequest(role: .author), token: admin)
            #expect(missing.status == .notFound)
            let noRole = try await server.send(.patch, "/v1/users/\(reader.id)", raw: "{}", token: admin)
            #expect(noRole.status == .unprocessableContent)
        }
    }
}
