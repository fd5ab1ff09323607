/// One fetch from start to end on its own thread: every hop checked, redirects followed by hand, the
/// time limit shared by all hops.
struct FetchRun {
    let policy: FetchPolicy
    let request: FetchRequest
    let job: FetchJob

    /// Redirect statuses followed (the fetcher only sends GET, so 301, 302 and 303 stay GET as well).
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    func run() -> Result<FetchResponse, any Error> {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64((policy.totalTimeout * 1000).rounded()))
        guard var url = CurlURL(request.url) else { return .failure(FetchError.invalidURL(request.url)) }
        if let refusal = checkUpFront(url) { return .failure(refusal) }
        guard let session = CurlSession(job: job) else {
            return .failure(FetchError.network("libcurl could not be initialised"))
        }
        let connectGuard = ConnectGuard(policy: policy)
        let bodyLimit = request.maxBytes ?? policy.maxBodyBytes
        var redirects: [String] = []
        var bytesOnWire = 0
        while true {
            if job.isCancelled { return .failure(CancellationError()) }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { return .failure(FetchError.timedOut(seconds: policy.totalTimeout)) }
            let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
            let hop: HopResult
            switch session.get(
                url, request: request, policy: policy, bodyLimit: bodyLimit, timeout: seconds, guard: connectGuard)
            {
            case .success(let result): hop = result
            case .failure(let error): return .failure(error)
            }
            bytesOnWire += hop.bytesOnWire
            if Self.redirectStatuses.contains(hop.status) {
                guard let location = hop.headers["location"], !location.isEmpty else {
                    return .failure(FetchError.redirectWithoutLocation)
                }
                guard redirects.count < policy.maxRedirects else {
                    return .failure(FetchError.tooManyRedirects(policy.maxRedirects))
                }
                guard let next = CurlURL(location, relativeTo: url.text) else {
                    return .failure(FetchError.invalidURL(location))
                }
                if let refusal = checkUpFront(next) { return .failure(refusal) }
                redirects.append(next.text)
                url = next
                continue
            }
            let notModified = hop.status == 304 && request.conditional != nil
            guard (200..<300).contains(hop.status) || notModified || request.returnsErrorStatuses else {
                return .failure(FetchError.httpStatus(hop.status))
            }
            let type = FetchResponse.contentType(hop.headers["content-type"])
            return .success(FetchResponse(
                requestedURL: request.url, finalURL: url.text, redirects: redirects, status: hop.status,
                mediaType: type.mediaType, charset: type.charset, headers: hop.headers, body: hop.body,
                bytesOnWire: bytesOnWire))
        }
    }

    /// The checks a URL can fail before any connection, for clearer messages: the scheme, a numeric host
    /// spelled oddly, an address literal that is refused or used with a port outside the allowed ones. The check at
    /// connect time (``ConnectGuard``) is the authority; these only fail earlier.
    func checkUpFront(_ url: CurlURL) -> FetchError? {
        guard url.scheme == "http" || url.scheme == "https" else { return .unsupportedScheme(url.scheme) }
        guard !url.host.isEmpty else { return .invalidURL(url.text) }
        if let written = url.writtenHost, HostSpelling.isOddNumericHost(written) {
            return .refusedAddress(host: written, address: written, reason: FetchError.notPlainAddress)
        }
        if HostSpelling.isOddNumericHost(url.host) {
            return .refusedAddress(host: url.host, address: url.host, reason: FetchError.notPlainAddress)
        }
        let literal = IPAddress(url.host)
        if let literal, let reason = AddressPolicy.refusal(for: literal, allowed: policy.allowedNetworks) {
            return .refusedAddress(host: url.host, address: literal.description, reason: reason)
        }
        // A name's port is checked at connect time, after its address: "resolves to a loopback address"
        // says more than "port 8080", and a name may resolve into an allowed network, where any port goes.
        if let literal, !policy.allowedNetworks.contains(where: { $0.contains(literal) }),
           !policy.allowedPorts.contains(url.port) {
            return .refusedPort(url.port)
        }
        return nil
    }
}
