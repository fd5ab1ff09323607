import ArgumentParser
import SatchelClient
import Foundation

/// `satchel logout`: revokes the token and removes it from the profile.
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log this machine out: revoke the token and forget it.",
        discussion: """
            Local data stays; changes not yet synced wait until you log in again. When the server cannot be \
            reached the token is still forgotten here.

            Example:
              satchel logout
            """)

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let directory = DataDirectory.resolve(options.dataDirectory)
        guard var profile = try directory.loadProfile(), let token = profile.token else { throw CLIError.notLoggedIn }
        let api = SatchelAPI(transport: CurlTransport(baseURL: profile.server), token: token)
        var revoked = true
        do { try await api.logout() } catch { revoked = false }
        profile.token = nil
        try directory.saveProfile(profile)
        struct Report: Encodable { var server: String; var revokedOnServer: Bool }
        if options.json {
            Console.current.out(try JSONOutput.render(Report(server: profile.server, revokedOnServer: revoked)))
        } else {
            Console.current.line(revoked
                ? "Logged out of \(profile.server)."
                : "Logged out here; the server at \(profile.server) could not be told, so the token expires on its own.")
        }
    }
}
