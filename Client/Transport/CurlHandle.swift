import CCurl
import Foundation

/// libcurl's process-wide setup, run once (a global `let` is initialised lazily and exactly once)
/// before the first easy handle is made.
private let curlGlobalInitialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

/// One libcurl easy handle, used by one worker thread for transfer after transfer.
///
/// Reusing the handle is what keeps connections alive: `curl_easy_reset` clears the options of the
/// last request but keeps its open connections, DNS and TLS session caches.
/// Not `Sendable`: it is made and used on its worker thread only.
final class CurlHandle {
    /// What one transfer produced.
    struct Outcome {
        /// The response, or why there is none.
        var result: Result<HTTPResponseData, any Error>
        /// Connections the transfer had to open (0 when it reused one).
        var newConnections: Int
    }

    private let handle: UnsafeMutableRawPointer?

    init() {
        handle = curlGlobalInitialized ? curl_easy_init() : nil
    }

    deinit {
        if let handle { curl_easy_cleanup(handle) }
    }

    /// Runs the job's request to completion on the calling thread; blocks until the response or failure.
    func perform(_ job: CurlJob, configuration: CurlTransport.Configuration) -> Outcome {
        guard let handle else {
            return Outcome(result: .failure(TransportError.network("libcurl could not be initialised")), newConnections: 0)
        }
        let method = job.request.method.uppercased()
        if let slice = job.request.bodyFile {
            guard let reader = CurlFileReader(slice) else {
                return Outcome(
                    result: .failure(TransportError.network("cannot read \(slice.path)")), newConnections: 0)
            }
            return withExtendedLifetime(reader) { transfer(handle, job, method, configuration, body: nil, file: reader) }
        }
        // Methods that carry a body send an empty one rather than none, so the server sees `Content-Length: 0`.
        let sendsEmptyBody = ["POST", "PUT", "PATCH"].contains(method)
        guard let body = job.request.body ?? (sendsEmptyBody ? Data() : nil) else {
            return transfer(handle, job, method, configuration, body: nil)
        }
        // POSTFIELDS is not copied by curl: the bytes must stay put until the transfer ends, which
        // `withUnsafeBytes` guarantees. An empty body still needs a non-null pointer.
        let bytes = body.isEmpty ? Data([0]) : body
        return bytes.withUnsafeBytes { raw in
            guard let pointer = raw.baseAddress else {
                return Outcome(result: .failure(TransportError.network("request body has no storage")), newConnections: 0)
            }
            return transfer(handle, job, method, configuration, body: (pointer, body.count))
        }
    }

    private func transfer(
        _ handle: UnsafeMutableRawPointer, _ job: CurlJob, _ method: String,
        _ configuration: CurlTransport.Configuration, body: (pointer: UnsafeRawPointer, count: Int)?,
        file: CurlFileReader? = nil
    ) -> Outcome {
        curl_easy_reset(handle)
        var setupFailure = CURLE_OK
        func check(_ code: CURLcode) {
            if setupFailure == CURLE_OK { setupFailure = code }
        }

        check(satchel_curl_setopt_string(handle, CURLOPT_URL, job.url))
        check(satchel_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check(satchel_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        // An empty string asks for every encoding this libcurl can decode (gzip, deflate, br, zstd)
        // and makes curl decompress the body before the write callback sees it.
        check(satchel_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        check(satchel_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)))
        if let stall = job.request.stallTimeout {
            // A long transfer: no limit on its duration, only on a stall (less than a byte a second for `stall`).
            check(satchel_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1))
            check(satchel_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, Int(stall.rounded(.up)))))
        } else {
            check(satchel_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.totalTimeout)))
        }
        check(satchel_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, configuration.verifyTLS ? 1 : 0))
        check(satchel_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, configuration.verifyTLS ? 2 : 0))
        check(satchel_curl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        check(satchel_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))

        switch method {
        case _ where file != nil:
            // UPLOAD reads the body through the read callback; the custom request keeps the method (PUT, PATCH).
            check(satchel_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
            check(satchel_curl_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(file!.length)))
            check(satchel_curl_setopt_write_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, userdata in
                guard let buffer, let userdata else { return 0 }
                return Unmanaged<CurlFileReader>.fromOpaque(userdata).takeUnretainedValue().read(into: buffer, max: size * count)
            })
            check(satchel_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(file!).toOpaque()))
            check(satchel_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        case "GET" where body == nil:
            check(satchel_curl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case "HEAD":
            check(satchel_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
        default:
            if let body {
                // Both set: with a size curl neither measures the bytes with strlen nor stops at a NUL.
                check(satchel_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                check(satchel_curl_setopt_pointer(
                    handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body.pointer)))
            }
            check(satchel_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        }

        let headers = Self.headerList(job.request.headers)
        defer { curl_slist_free_all(headers) }
        check(satchel_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))

        let buffer = ResponseBuffer()
        if let path = job.request.responseFile {
            guard let output = fopen(path, "ab") else {
                return Outcome(result: .failure(TransportError.network("cannot write \(path)")), newConnections: 0)
            }
            buffer.file = output
        }
        defer { buffer.closeFile() }
        let bufferPointer = Unmanaged.passUnretained(buffer).toOpaque()
        check(satchel_curl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            let length = size * count
            guard let data, let userdata, length > 0 else { return length }
            return Unmanaged<ResponseBuffer>.fromOpaque(userdata).takeUnretainedValue()
                .take(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
        })
        check(satchel_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, bufferPointer))
        check(satchel_curl_setopt_header_callback(handle) { data, size, count, userdata in
            let length = size * count
            guard let data, let userdata else { return length }
            Unmanaged<ResponseBuffer>.fromOpaque(userdata).takeUnretainedValue()
                .addHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return length
        })
        check(satchel_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, bufferPointer))

        // The progress callback is how a cancelled task stops a transfer that is already running.
        check(satchel_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
        check(satchel_curl_setopt_xferinfo_callback(handle) { userdata, _, _, _, _ in
            guard let userdata else { return 0 }
            return Unmanaged<CurlJob>.fromOpaque(userdata).takeUnretainedValue().isCancelled ? 1 : 0
        })
        check(satchel_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, Unmanaged.passUnretained(job).toOpaque()))

        guard setupFailure == CURLE_OK else {
            return Outcome(result: .failure(TransportError.network(Self.describe(setupFailure))), newConnections: 0)
        }
        // The buffer and job are reached from C only through unretained pointers.
        let code = withExtendedLifetime(buffer) { withExtendedLifetime(job) { curl_easy_perform(handle) } }
        if buffer.writeFailed {
            return Outcome(
                result: .failure(TransportError.network("cannot write \(job.request.responseFile ?? "the response")")),
                newConnections: 0)
        }

        var connects = 0
        _ = satchel_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        if code == CURLE_ABORTED_BY_CALLBACK && job.isCancelled {
            return Outcome(result: .failure(CancellationError()), newConnections: connects)
        }
        guard code == CURLE_OK else {
            return Outcome(result: .failure(TransportError.network(Self.describe(code))), newConnections: connects)
        }
        var status = 0
        _ = satchel_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let response = HTTPResponseData(
            status: status, headers: buffer.headers, body: buffer.body, bytesOnWire: Self.bytesOnWire(handle))
        return Outcome(result: .success(response), newConnections: connects)
    }

    /// Request line, headers and body sent plus status line, headers and (compressed) body received.
    private static func bytesOnWire(_ handle: UnsafeMutableRawPointer) -> Int {
        var requestHeaders = 0, responseHeaders = 0
        var uploaded: curl_off_t = 0, downloaded: curl_off_t = 0
        _ = satchel_curl_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &requestHeaders)
        _ = satchel_curl_getinfo_long(handle, CURLINFO_HEADER_SIZE, &responseHeaders)
        _ = satchel_curl_getinfo_off_t(handle, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        _ = satchel_curl_getinfo_off_t(handle, CURLINFO_SIZE_DOWNLOAD_T, &downloaded)
        return requestHeaders + responseHeaders + Int(uploaded) + Int(downloaded)
    }

    /// The request's header fields as a curl list (`nil` when empty); free with `curl_slist_free_all`.
    private static func headerList(_ fields: [HTTPHeader]) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for field in fields {
            // "Name:" would tell curl to drop the header; "Name;" sends it with an empty value.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            list = curl_slist_append(list, line)
        }
        // curl adds `Expect: 100-continue` to large bodies and then waits up to a second for a
        // `100 Continue` that many servers never send; an empty `Expect:` turns that off.
        if !fields.contains(where: { $0.name.caseInsensitiveCompare("Expect") == .orderedSame }) {
            list = curl_slist_append(list, "Expect:")
        }
        return list
    }

    private static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }

    /// curl's millisecond options take a `long`; 0 would mean "no limit", so round up to at least 1.
    private static func milliseconds(_ seconds: TimeInterval) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return max(1, Int((seconds * 1000).rounded(.up)))
    }
}

/// Where curl's callbacks put the response of one transfer; reached from C through an unretained
/// pointer and touched only by the thread running `curl_easy_perform`.
private final class ResponseBuffer {
    var body = Data()
    var headers: [String: String] = [:]
    /// The status of the header block being read.
    var status = 0
    /// Where a 2xx body goes instead of `body`, when the request named a file.
    var file: UnsafeMutablePointer<FILE>?
    /// Whether writing to `file` failed (the transfer is then aborted).
    var writeFailed = false

    /// Takes `count` body bytes: into the file for a 2xx response to a request that named one, else into
    /// `body`. Returns what curl must see as written (less aborts the transfer).
    func take(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        if let file, (200..<300).contains(status) {
            let written = fwrite(bytes, 1, count, file)
            if written != count { writeFailed = true }
            return written
        }
        body.append(bytes, count: count)
        return count
    }

    /// Flushes and closes the response file, if any.
    func closeFile() {
        if let file {
            if fclose(file) != 0 { writeFailed = true }
            self.file = nil
        }
    }

    /// Takes one raw header line: a status line starts a new header block (after `100 Continue` or a
    /// redirect); a field is stored under its lower-cased name, a repeated field keeping its last value.
    func addHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            status = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return }
        headers[name] = value
    }
}
