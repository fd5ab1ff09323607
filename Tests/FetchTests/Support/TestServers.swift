import SatchelFetch
import SatchelLoopback

/// Policies and servers the fetch tests share.
enum Loopback {
    /// The default rules with 127.0.0.1 allowed (any port), and a short time limit so a failure cannot hang.
    static func policy(
        allowing networks: [String] = ["127.0.0.1/32"], totalTimeout: Double = 5, maxRedirects: Int = 10,
        maxBodyBytes: Int = 10 * 1024 * 1024
    ) -> FetchPolicy {
        FetchPolicy(
            allowedNetworks: networks.map { IPNetwork(cidr: $0)! }, maxRedirects: maxRedirects,
            totalTimeout: totalTimeout, maxBodyBytes: maxBodyBytes)
    }

    /// A server on 127.0.0.2 and one on 127.0.0.1 listening on the same port number, so that a name
    /// resolved to either address reaches one of them with the same URL.
    static func pairOnOnePort() throws -> (allowed: ScriptedHTTPServer, refused: ScriptedHTTPServer) {
        var lastError: (any Error)?
        for _ in 0..<10 {
            let allowed = try ScriptedHTTPServer(host: "127.0.0.2")
            do {
                let refused = try ScriptedHTTPServer(host: "127.0.0.1", port: allowed.port)
                return (allowed, refused)
            } catch {
                allowed.stop()
                lastError = error
            }
        }
        throw lastError!
    }
}

/// Runs `body` and returns its error (nil when it did not throw).
func error(of body: () async throws -> FetchResponse) async -> (any Error)? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}
