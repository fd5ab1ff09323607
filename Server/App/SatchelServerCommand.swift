import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Server

/// The `satchel-server` command: serves the Satchel API.
@main
struct SatchelServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satchel-server",
        abstract: "Serve the Satchel publication and sync API.",
        discussion: """
            With no options it serves http://127.0.0.1:8080 from satchel.sqlite in the working directory.
            Each option can also be set by an environment variable (SATCHEL_HOST, SATCHEL_PORT,
            SATCHEL_DATABASE, SATCHEL_DEMO=1).

            Example:
              satchel-server --demo --port 8080
            """)

    @Option(help: "Interface to listen on (env SATCHEL_HOST).")
    var host: String = ProcessInfo.processInfo.environment["SATCHEL_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (env SATCHEL_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["SATCHEL_PORT"].flatMap(Int.init) ?? 8080

    @Option(help: "SQLite database file (env SATCHEL_DATABASE).")
    var database: String = ProcessInfo.processInfo.environment["SATCHEL_DATABASE"] ?? "satchel.sqlite"

    @Flag(help: "Load demo posts and comments into an empty database (env SATCHEL_DEMO=1).")
    var demo: Bool = ProcessInfo.processInfo.environment["SATCHEL_DEMO"] == "1"

    @Option(help: "bcrypt cost for new passwords (4–16).")
    var bcryptCost: UInt8 = 11

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard (4...16).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be from 4 to 16.") }
    }

    func run() async throws {
        var logger = Logger(label: "satchel.server")
        logger.logLevel = .info
        let configuration = ServerConfiguration(
            host: host, port: port, databasePath: database, loadDemoContent: demo, bcryptCost: bcryptCost)
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: database, logger: logger)
        } catch {
            throw ValidationError("Cannot open the database at \(database): \(error)")
        }
        let dependencies = ServerDependencies(store: store, passwords: PasswordHasher(cost: bcryptCost))
        if demo, try await DemoContent.load(into: dependencies) {
            logger.info("Loaded demo content; sign in as 'ada' or 'grace' with password '\(DemoContent.password)'.")
        }
        let app = try await SatchelApplication.make(
            configuration: configuration, dependencies: dependencies, logger: logger)
        try await app.runService()
    }
}
