import CCurl

/// libcurl's process-wide setup, run once (a global `let` is initialised lazily and exactly once).
private let curlGlobalInitialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

/// What one hop brought back.
struct HopResult {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    /// Header bytes and body bytes as received (compressed).
    var bytesOnWire: Int
}

/// The curl handles of one fetch: an easy handle reset between hops and the multi handle it runs in,
/// which a cancellation can wake. Made, used and dropped on the fetch's own thread.
final class CurlSession {
    private let easy: UnsafeMutableRawPointer
    private let multi: UnsafeMutableRawPointer
    private let job: FetchJob
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?(job: FetchJob) {
        guard curlGlobalInitialized, let easy = curl_easy_init() else { return nil }
        guard let multi = curl_multi_init() else {
            curl_easy_cleanup(easy)
            return nil
        }
        self.easy = easy
        self.multi = multi
        self.job = job
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        job.attach(multi)
    }

    deinit {
        job.detach()
        curl_multi_cleanup(multi)
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
    }

    /// Fetches one URL without following redirects, within `timeout` seconds.
    func get(
        _ url: CurlURL, request: FetchRequest, policy: FetchPolicy, bodyLimit: Int, timeout: Double,
        guard connectGuard: ConnectGuard
    ) -> Result<HopResult, any Error> {
        curl_easy_reset(easy)
        connectGuard.reset(host: url.host)
        let buffer = HopBuffer(bodyLimit: bodyLimit)
        var headerLines = ["Accept: \(request.accept)", "Expect:"]
        if let language = policy.acceptLanguage { headerLines.append("Accept-Language: \(language)") }
        if let conditional = request.conditional { headerLines += conditional.headerLines }
        let headers = Self.list(headerLines)
        let resolve = Self.list(request.resolve)
        defer {
            curl_slist_free_all(headers)
            curl_slist_free_all(resolve)
        }

        var setupFailure = CURLE_OK
        func check(_ code: CURLcode) {
            if setupFailure == CURLE_OK { setupFailure = code }
        }
        let milliseconds = max(1, Int((timeout * 1000).rounded(.up)))
        check(satchel_curl_setopt_string(easy, CURLOPT_URL, url.text))
        check(satchel_curl_setopt_long(easy, CURLOPT_HTTPGET, 1))
        check(satchel_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        check(satchel_curl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(satchel_curl_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        check(satchel_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        // Environment proxies are never used: a proxy would connect on our behalf, past the address check.
        check(satchel_curl_setopt_string(easy, CURLOPT_PROXY, ""))
        check(satchel_curl_setopt_string(easy, CURLOPT_NOPROXY, "*"))
        // "" asks for every encoding this libcurl decodes; the write callback sees decompressed bytes.
        check(satchel_curl_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        check(satchel_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, milliseconds))
        check(satchel_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, milliseconds))
        check(satchel_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
        check(satchel_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
        check(satchel_curl_setopt_string(easy, CURLOPT_USERAGENT, policy.userAgent))
        check(satchel_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headers))
        if resolve != nil { check(satchel_curl_setopt_slist(easy, CURLOPT_RESOLVE, resolve)) }
        check(satchel_curl_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(bodyLimit)))
        errorBuffer[0] = 0
        check(satchel_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))

        check(satchel_curl_setopt_opensocket_callback(easy) { clientp, purpose, address in
            guard let clientp, let address, purpose == CURLSOCKTYPE_IPCXN else { return CURL_SOCKET_BAD }
            return Unmanaged<ConnectGuard>.fromOpaque(clientp).takeUnretainedValue().openSocket(address)
        })
        check(satchel_curl_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, Unmanaged.passUnretained(connectGuard).toOpaque()))
        let bufferPointer = Unmanaged.passUnretained(buffer).toOpaque()
        check(satchel_curl_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            let length = size * count
            guard let data, let userdata, length > 0 else { return length }
            return Unmanaged<HopBuffer>.fromOpaque(userdata).takeUnretainedValue()
                .takeBody(UnsafeRawBufferPointer(start: data, count: length))
        })
        check(satchel_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, bufferPointer))
        check(satchel_curl_setopt_header_callback(easy) { data, size, count, userdata in
            let length = size * count
            guard let data, let userdata else { return length }
            let keep = Unmanaged<HopBuffer>.fromOpaque(userdata).takeUnretainedValue()
                .takeHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return keep ? length : 0
        })
        check(satchel_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, bufferPointer))
        guard setupFailure == CURLE_OK else { return .failure(FetchError.network(describe(setupFailure))) }

        // The guard and buffer are reached from C only through unretained pointers.
        let outcome = withExtendedLifetime(buffer) { withExtendedLifetime(connectGuard) { run() } }
        guard let code = outcome else { return .failure(CancellationError()) }
        if let refusal = connectGuard.refusal, code != CURLE_OK { return .failure(refusal) }
        if buffer.bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED { return .failure(FetchError.tooLarge(limit: bodyLimit)) }
        if buffer.headersTooLarge {
            return .failure(FetchError.network("the response headers exceed \(FetchPolicy.maxHeaderBytes) bytes"))
        }
        if code == CURLE_OPERATION_TIMEDOUT { return .failure(FetchError.timedOut(seconds: policy.totalTimeout)) }
        guard code == CURLE_OK else { return .failure(FetchError.network(describe(code))) }

        var status = 0
        var headerSize = 0
        var downloaded: curl_off_t = 0
        _ = satchel_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        _ = satchel_curl_getinfo_long(easy, CURLINFO_HEADER_SIZE, &headerSize)
        _ = satchel_curl_getinfo_off_t(easy, CURLINFO_SIZE_DOWNLOAD_T, &downloaded)
        return .success(HopResult(
            status: status, headers: buffer.headers, body: buffer.body, bytesOnWire: headerSize + Int(downloaded)))
    }

    /// Runs the transfer in the multi handle until it ends (its result) or the job is cancelled (nil).
    private func run() -> CURLcode? {
        guard curl_multi_add_handle(multi, easy) == CURLM_OK else { return CURLE_FAILED_INIT }
        defer { curl_multi_remove_handle(multi, easy) }
        while !job.isCancelled {
            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            guard performed == CURLM_OK else { return CURLE_FAILED_INIT }
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                if message.pointee.msg == CURLMSG_DONE { return satchel_curl_message_result(message) }
            }
            if running == 0 { return CURLE_FAILED_INIT }
            // Wakes on network activity, curl's own timers, or `curl_multi_wakeup` from a cancellation.
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        return nil
    }

    private func describe(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    /// A curl string list (nil when empty); free with `curl_slist_free_all`.
    private static func list(_ lines: [String]) -> UnsafeMutablePointer<curl_slist>? {
        lines.reduce(nil) { curl_slist_append($0, $1) }
    }
}
