import CCurl

/// The check made when curl opens a socket: the address and port curl is about to connect to, whatever
/// name, spelling or DNS answer led there. Reached from C through an unretained pointer and used only on
/// the thread running the transfer.
final class ConnectGuard {
    private let allowedNetworks: [IPNetwork]
    private let allowedPorts: Set<Int>
    /// The host of the hop being fetched, for messages.
    var host = ""
    /// The first connection refused during the hop, if any.
    private(set) var refusal: FetchError?

    init(policy: FetchPolicy) {
        allowedNetworks = policy.allowedNetworks
        allowedPorts = policy.allowedPorts
    }

    /// Starts a new hop.
    func reset(host: String) {
        self.host = host
        refusal = nil
    }

    /// Why a connection to `address` on `port` is refused, or nil when it may be made.
    func check(_ address: IPAddress, port: Int) -> FetchError? {
        if let reason = AddressPolicy.refusal(for: address, allowed: allowedNetworks) {
            return .refusedAddress(host: host, address: address.description, reason: reason)
        }
        let allowlisted = allowedNetworks.contains { $0.contains(address) }
        if !allowlisted && !allowedPorts.contains(port) { return .refusedPort(port) }
        return nil
    }

    /// Opens the socket for `address` when the check allows it; otherwise records why and returns
    /// `CURL_SOCKET_BAD`, which makes curl try its next address or fail with "couldn't connect".
    func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        var bytes = [UInt8](repeating: 0, count: 16)
        var port: UInt32 = 0
        let family = bytes.withUnsafeMutableBufferPointer { satchel_curl_sockaddr_read(address, $0.baseAddress, &port) }
        guard family == 4 || family == 6, let ip = IPAddress(networkBytes: Array(bytes.prefix(family == 4 ? 4 : 16)))
        else {
            remember(.network("refused to open a socket that is not IPv4 or IPv6"))
            return CURL_SOCKET_BAD
        }
        if let refused = check(ip, port: Int(port)) {
            remember(refused)
            return CURL_SOCKET_BAD
        }
        return satchel_curl_open_socket(address)
    }

    private func remember(_ error: FetchError) {
        if refusal == nil { refusal = error }
    }

}
