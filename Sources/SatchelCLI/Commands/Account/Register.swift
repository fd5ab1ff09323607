import ArgumentParser
import SatchelClient
import Foundation

/// `satchel register`: creates an account and logs this machine in.
struct Register: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an account on a server and log this machine in.",
        discussion: """
            The server address and the new token are stored in the profile (mode 0600) in the data \
            directory. Without --password the password is read from standard input when piped, else prompted \
            for.

            Example:
              satchel register --server http://127.0.0.1:8080 --username reader --email reader@example.com
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "The server's address, e.g. http://127.0.0.1:8080.") var server: String
    @Option(help: "3–32 characters: lower-case letters, digits, '.', '_', '-'.") var username: String
    @Option(help: "At least 8 characters (else read from standard input or a prompt).") var password: String?
    @Option(help: "Private email, used for your comments.") var email: String
    @Option(help: "Name shown on posts and comments (default: the username).") var displayName: String?

    func run() async throws {
        let base = try ServerURL.validated(server)
        let secret = try PasswordInput.read(flag: password)
        let api = SatchelAPI(transport: CurlTransport(baseURL: base))
        let account = try await api.register(username: username, password: secret, email: email, displayName: displayName)
        let directory = DataDirectory.resolve(options.dataDirectory)
        try directory.saveProfile(Profile(server: base, username: account.user.username, token: account.token))
        let report = LoginReport(server: base, username: account.user.username, role: account.user.role.rawValue,
                                 profile: directory.profilePath)
        try report.print(json: options.json, verb: "Registered and logged in")
    }
}

/// What `register` and `login` print.
struct LoginReport: Encodable, Sendable {
    var server: String
    var username: String
    var role: String?
    var profile: String

    func print(json: Bool, verb: String) throws {
        if json {
            Console.current.out(try JSONOutput.render(self))
        } else {
            Console.current.line("\(verb) as \(username)\(role.map { " (\($0))" } ?? "") on \(server).")
        }
    }
}
