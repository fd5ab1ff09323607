import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

@Suite("The last admin")
struct LastAdminTests {
    @Test("the only admin cannot demote itself: 409, and it stays admin", arguments: StoreKind.allCases)
    func onlyAdmin(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (admin, token) = try await server.register("ada")
            for role in [Role.reader, .author] {
                let response = try await server.send(.patch, "/v1/users/\(admin.id)", json: UpdateUserRequest(role: role), token: token)
                #expect(response.status == .conflict)
                #expect(try response.problem().type == "/problems/last-admin")
            }
            #expect(try await server.send(.get, "/v1/me", token: token).decode(User.self).role == .admin)
        }
    }

    @Test("with two admins one may step down, and then the other cannot", arguments: StoreKind.allCases)
    func twoAdmins(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (ada, adaToken) = try await server.register("ada")
            let (grace, graceToken) = try await server.register("grace", role: .admin, adminToken: adaToken)
            let stepDown = try await server.send(.patch, "/v1/users/\(ada.id)", json: UpdateUserRequest(role: .reader), token: adaToken)
            #expect(stepDown.status == .ok)
            let last = try await server.send(.patch, "/v1/users/\(grace.id)", json: UpdateUserRequest(role: .author), token: graceToken)
            #expect(last.status == .conflict)
        }
    }

    @Test("two admins demoting each other at once leave one admin", arguments: StoreKind.allCases)
    func concurrentDemotions(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (ada, adaToken) = try await server.register("ada")
            let (grace, graceToken) = try await server.register("grace", role: .admin, adminToken: adaToken)
            async let first = server.send(.patch, "/v1/users/\(grace.id)", json: UpdateUserRequest(role: .reader), token: adaToken)
            async let second = server.send(.patch, "/v1/users/\(ada.id)", json: UpdateUserRequest(role: .reader), token: graceToken)
            let statuses = try await [first.status, second.status]
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            let roles = try await [
                server.send(.get, "/v1/me", token: adaToken).decode(User.self).role,
                server.send(.get, "/v1/me", token: graceToken).decode(User.self).role,
            ]
            #expect(roles.filter { $0 == .admin }.count == 1)
        }
    }
}
