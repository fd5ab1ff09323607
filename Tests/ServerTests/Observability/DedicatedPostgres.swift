import Foundation
import SatchelProcess
import SatchelTestSupport
@testable import SatchelServer
@testable import SatchelStores

/// A PostgreSQL cluster of a test's own, which the test may stop and start again on the same port
/// (the shared cluster of `scripts/with-postgres.sh` must keep running for the other suites). Uses the
/// binaries that script installs; runs them as the `postgres` user when the tests run as root.
final class DedicatedPostgres: Sendable {
    let directory: String
    let port: Int

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates and starts a cluster in a new temporary directory.
    static func start() throws -> DedicatedPostgres {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-pg-\(UUID().uuidString)").path
        let cluster = DedicatedPostgres(directory: directory, port: try LoopbackPort.free())
        try cluster.shell("""
            mkdir -p "$DIR" && chmod 755 "$DIR"
            if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
            $AS "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1
            """)
        try cluster.startServer()
        return cluster
    }

    private init(directory: String, port: Int) {
        self.directory = directory
        self.port = port
    }

    /// The URL of its `postgres` database.
    var configuration: PostgresStoreConfiguration {
        get throws {
            var configuration = try PostgresStoreConfiguration(url: "postgres://postgres@127.0.0.1:\(port)/postgres")
            configuration.tls = .disable
            configuration.poolSize = 2
            return configuration
        }
    }

    /// Starts the server (again) on its port.
    func startServer() throws {
        try shell("""
            $AS "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
              -o "-p \(port) -c listen_addresses=127.0.0.1 -k $DIR" start >/dev/null
            """)
    }

    /// Stops the server, closing every connection.
    func stopServer() throws {
        try shell(#"$AS "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null"#)
    }

    /// Stops the server if it runs and deletes the cluster.
    func remove() {
        try? shell(#"$AS "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$DIR""#)
    }

    /// Runs `script` with `$DIR`, `$BIN` (PostgreSQL's binaries) and `$AS` (run as postgres) set.
    private func shell(_ script: String) throws {
        let prelude = """
            set -e
            DIR='\(directory)'
            BIN="$(pg_config --bindir 2>/dev/null || true)"
            [ -x "$BIN/initdb" ] || BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
            [ -x "$BIN/initdb" ] || { echo "PostgreSQL is not installed: run the tests through scripts/with-postgres.sh" >&2; exit 3; }
            AS=""
            if [ "$(id -u)" -eq 0 ]; then AS="runuser -u postgres --"; fi

            """
        let child = try Spawned("/bin/bash", ["-c", prelude + script], errors: .pipe)
        let termination = child.waitBlocking()
        guard termination == .exited(0) else {
            let text = String(decoding: child.errors?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            throw Failure(description: "PostgreSQL command failed (\(termination)): \(text)")
        }
    }
}
