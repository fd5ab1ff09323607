import ArgumentParser
import SatchelClient
import Foundation

/// `satchel login`: gets a token and stores it in the profile.
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log this machine in to a server.",
        discussion: """
            The server address and token are stored in the profile (mode 0600) in the data directory. \
            Without --password the password is read from standard input when piped, else prompted for \
            without echo.

            Example:
              satchel --data-dir ~/laptop login --server http://127.0.0.1:8080 --username grace
              echo "$PASSWORD" | satchel login --server https://news.example.com --username grace
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "The server's address (default: the profile's).") var server: String?
    @Option(help: "Your username.") var username: String
    @Option(help: "Your password (else read from standard input or a prompt).") var password: String?

    func run() async throws {
        let directory = DataDirectory.resolve(options.dataDirectory)
        let existing = try directory.loadProfile()
        guard let given = server ?? existing?.server else {
            throw CLIError("Which server? Pass --server URL, e.g. http://127.0.0.1:8080.", exitCode: ExitStatus.usage)
        }
        let base = try ServerURL.validated(given)
        let secret = try PasswordInput.read(flag: password)
        let api = SatchelAPI(transport: CurlTransport(baseURL: base))
        let token: String
        do {
            token = try await api.login(username: username, password: secret).token
        } catch TransportError.http(401, _, _) {
            throw CLIError("Wrong username or password for \(base).", exitCode: ExitStatus.auth)
        }
        let me = try? await api.authenticated(token).me()
        try directory.saveProfile(Profile(server: base, username: me?.username ?? username, token: token))
        let report = LoginReport(
            server: base, username: me?.username ?? username, role: me?.role.rawValue, profile: directory.profilePath)
        try report.print(json: options.json, verb: "Logged in")
    }
}
