/// What curl's callbacks gather during one hop: the header block and the body, each capped. Reached from
/// C through an unretained pointer and touched only by the thread running the transfer.
final class HopBuffer {
    /// The most body bytes kept (decompressed).
    let bodyLimit: Int
    private(set) var body: [UInt8] = []
    /// The last header block's fields, names lowercased (a repeated name keeps its last value).
    private(set) var headers: [String: String] = [:]
    private(set) var headerBytes = 0
    /// Whether the body passed `bodyLimit` (the transfer was then aborted).
    private(set) var bodyTooLarge = false
    /// Whether the headers passed ``FetchPolicy/maxHeaderBytes`` (the transfer was then aborted).
    private(set) var headersTooLarge = false

    init(bodyLimit: Int) {
        self.bodyLimit = max(0, bodyLimit)
    }

    /// Takes `count` body bytes; returns what curl must see as written (0 aborts the transfer).
    func takeBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= bodyLimit else {
            bodyTooLarge = true
            return 0
        }
        if body.count + bytes.count > body.capacity {
            // Grow by doubling but never past the limit, so a bomb costs at most the limit.
            body.reserveCapacity(min(bodyLimit, max(body.count + bytes.count, body.capacity * 2, 16 * 1024)))
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Takes one raw header line; returns false to abort the transfer when the headers grow too large.
    /// A status line starts a new block (after a `1xx` answer).
    func takeHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        headerBytes += bytes.count
        guard headerBytes <= FetchPolicy.maxHeaderBytes else {
            headersTooLarge = true
            return false
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return true
        }
        guard let colon = line.firstIndex(of: ":") else { return true }
        let name = line[..<colon].trimmingASCIISpaces().lowercased()
        guard !name.isEmpty else { return true }
        headers[name] = line[line.index(after: colon)...].trimmingASCIISpaces()
        return true
    }
}
