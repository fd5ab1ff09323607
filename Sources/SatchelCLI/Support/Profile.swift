import Foundation
import SatchelShared

/// Where a machine's Satchel lives: the server it syncs with and the login token. Stored as
/// `profile.json` in the data directory, readable by its owner only (mode 0600): it holds a bearer token.
public struct Profile: Codable, Sendable, Hashable {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public var server: String
    /// The signed-in user's name.
    public var username: String?
    /// The bearer token; `nil` after logout.
    public var token: String?
    /// Networks page capture may fetch from although they are private (CIDRs, comma-separated), e.g. a
    /// proxy handing out 198.18.0.0/15 addresses; `SATCHEL_CAPTURE_ALLOW` overrides it.
    public var captureAllow: String?
    /// The `Accept-Language` page capture sends, e.g. `fr-CH, fr;q=0.9`; `SATCHEL_ACCEPT_LANGUAGE` overrides it.
    public var acceptLanguage: String?

    /// Creates a profile.
    public init(
        server: String, username: String? = nil, token: String? = nil, captureAllow: String? = nil,
        acceptLanguage: String? = nil
    ) {
        self.server = server
        self.username = username
        self.token = token
        self.captureAllow = captureAllow
        self.acceptLanguage = acceptLanguage
    }
}

/// A data directory: the profile file and the local database side by side.
public struct DataDirectory: Sendable, Hashable {
    /// The directory's path.
    public var path: String

    /// Opens the directory at `path` (created on first write).
    public init(path: String) {
        self.path = path
    }

    /// `--data-dir`, else `SATCHEL_HOME`, else `~/.satchel`.
    public static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DataDirectory
    {
        if let option, !option.isEmpty { return DataDirectory(path: expand(option)) }
        if let home = environment["SATCHEL_HOME"], !home.isEmpty { return DataDirectory(path: expand(home)) }
        return DataDirectory(path: FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".satchel").path)
    }

    /// The profile file.
    public var profilePath: String { path + "/profile.json" }
    /// The local SQLite database.
    public var databasePath: String { path + "/satchel.sqlite" }

    /// The stored profile, or `nil` when there is none yet.
    public func loadProfile() throws -> Profile? {
        guard FileManager.default.fileExists(atPath: profilePath) else { return nil }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: profilePath))
            return try JSONDecoder().decode(Profile.self, from: data)
        } catch {
            throw CLIError("The profile \(profilePath) cannot be read; log in again to rewrite it.")
        }
    }

    /// Writes the profile, readable and writable by its owner only.
    public func saveProfile(_ profile: Profile) throws {
        try createIfNeeded()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(profile)
        // Created with 0600 before any byte is written, so the token is never readable by others.
        let temporary = profilePath + ".tmp"
        _ = FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: temporary) else {
            throw CLIError("Cannot write the profile in \(path).")
        }
        try handle.write(contentsOf: data)
        try handle.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary)
        guard rename(temporary, profilePath) == 0 else { throw CLIError("Cannot write the profile in \(path).") }
    }

    /// Makes the directory (owner-only) when it does not exist.
    public func createIfNeeded() throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError("Cannot create the data directory \(path).")
        }
    }

    private static func expand(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }
}
