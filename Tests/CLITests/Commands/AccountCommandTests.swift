import Foundation
import SatchelCLI
import Testing

@Suite("register, login, logout")
struct AccountCommandTests {
    @Test("login stores the server and token in a profile only its owner can read")
    func loginStoresProfile() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = CLI(dataDirectory: root.appendingPathComponent("a").path)
                let out = try await cli.ok(["login", "--server", server, "--username", "grace", "--password", "satchel-demo"])
                #expect(out.contains("Logged in as grace (author)"))
                let profilePath = root.appendingPathComponent("a/profile.json").path
                let mode = try FileManager.default.attributesOfItem(atPath: profilePath)[.posixPermissions] as? NSNumber
                #expect(mode?.intValue == 0o600)
                let profile = try #require(try DataDirectory(path: root.appendingPathComponent("a").path).loadProfile())
                #expect(profile.server == server && profile.username == "grace" && profile.token?.isEmpty == false)
            }
        }
    }

    @Test("the password can come from standard input")
    func passwordFromStandardInput() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = CLI(dataDirectory: root.path)
                let out = try await cli.ok(["login", "--server", server, "--username", "ada"], stdin: "satchel-demo\n")
                #expect(out.contains("Logged in as ada (admin)"))
            }
        }
    }

    @Test("a wrong password is one line on stderr and exit status 77")
    func wrongPassword() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let result = await CLI(dataDirectory: root.path)
                    .run(["login", "--server", server, "--username", "grace", "--password", "nope-nope"])
                #expect(result.status == 77)
                #expect(result.err == "satchel: Wrong username or password for \(server).\n")
                #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("profile.json").path))
            }
        }
    }

    @Test("register creates an account and logs in; the same username twice is refused")
    func register() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = CLI(dataDirectory: root.path)
                let arguments = ["register", "--server", server, "--username", "reader", "--password", "correct horse",
                                 "--email", "reader@example.com"]
                let out = try await cli.ok(arguments)
                #expect(out.contains("Registered and logged in as reader"))
                let again = await cli.run(arguments)
                #expect(again.status == 1)
                #expect(again.err.hasPrefix("satchel: ") && again.err.filter { $0 == "\n" }.count == 1)
            }
        }
    }

    @Test("a server address that is not http(s) is a usage error")
    func badServerAddress() async throws {
        try await withTemporaryDirectory { root in
            let result = await CLI(dataDirectory: root.path)
                .run(["login", "--server", "ftp://example.com", "--username", "grace", "--password", "x"])
            #expect(result.status == 64)
            #expect(result.err.contains("is not a server address"))
        }
    }

    @Test("logout forgets the token; logging out twice says not logged in")
    func logout() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let out = try await cli.ok(["logout"])
                #expect(out.contains("Logged out of \(server)"))
                let profile = try DataDirectory(path: cli.dataDirectory).loadProfile()
                #expect(profile?.token == nil && profile?.server == server)
                let again = await cli.run(["logout"])
                #expect(again.status == 77 && again.err.contains("Not logged in"))
            }
        }
    }
}
