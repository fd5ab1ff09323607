import Foundation

/// Checks a `--server` value: an http or https base URL, kept without a trailing slash.
enum ServerURL {
    static func validated(_ text: String) throws -> String {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              ["http", "https"].contains(scheme), url.host?.isEmpty == false
        else {
            throw CLIError("'\(text)' is not a server address; use e.g. http://127.0.0.1:8080.", exitCode: ExitStatus.usage)
        }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
