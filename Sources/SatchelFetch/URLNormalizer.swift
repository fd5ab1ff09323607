/// The key two saves of the same page share.
public enum URLNormalizer {
    /// The URL with the differences that do not change the page removed: scheme and host lowercased, the
    /// default port, the fragment, tracking parameters (`utm_*`, `fbclid`, `gclid`, …) and one trailing
    /// slash of a non-root path dropped, an empty path made `/`, percent escapes in upper-case hex.
    /// Nil for anything that is not an absolute http or https URL.
    public static func normalize(_ url: String) -> String? {
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }),
              let schemeEnd = url.firstRange(of: "://")
        else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        guard let authority = normalizeAuthority(rest[..<authorityEnd], scheme: scheme) else { return nil }
        rest = rest[authorityEnd...]
        let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
        var path = upperCaseEscapes(rest[..<queryStart])
        if path.isEmpty { path = "/" }
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        var result = "\(scheme)://\(authority)\(path)"
        if queryStart < rest.endIndex {
            let kept = rest[rest.index(after: queryStart)...]
                .split(separator: "&", omittingEmptySubsequences: true)
                .filter { !isTracking($0) }
                .map { upperCaseEscapes($0) }
            if !kept.isEmpty { result += "?" + kept.joined(separator: "&") }
        }
        return result
    }

    /// Parameter names (lowercased) that only say where a link was shared; any `utm_` name is one too.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_eid", "mc_cid", "igshid", "yclid", "_hsenc",
        "_hsmi", "mkt_tok",
    ]

    private static func isTracking(_ parameter: Substring) -> Bool {
        let name = (parameter.firstIndex(of: "=").map { parameter[..<$0] } ?? parameter).lowercased()
        return name.hasPrefix("utm_") || trackingParameters.contains(name)
    }

    /// `userinfo@host:port` with the host lowercased and the scheme's default port dropped; nil without a host
    /// or with a port that is not a number.
    private static func normalizeAuthority(_ authority: Substring, scheme: String) -> String? {
        var userinfo = ""
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userinfo = upperCaseEscapes(authority[...at])
            hostPort = authority[authority.index(after: at)...]
        }
        var host = hostPort
        var port: Substring = ""
        let bracketEnd = hostPort.hasPrefix("[") ? hostPort.firstIndex(of: "]") : nil
        if hostPort.hasPrefix("[") && bracketEnd == nil { return nil }
        let searchFrom = bracketEnd ?? hostPort.startIndex
        if let colon = hostPort[searchFrom...].lastIndex(of: ":") {
            host = hostPort[..<colon]
            port = hostPort[hostPort.index(after: colon)...]
        }
        guard !host.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let defaultPort = scheme == "http" ? 80 : 443
        var result = userinfo + host.lowercased()
        if let number = Int(port), number != defaultPort {
            result += ":\(number)"
        } else if !port.isEmpty && Int(port) == nil {
            return nil
        }
        return result
    }

    /// The text with the hex digits of every `%XX` escape in upper case.
    private static func upperCaseEscapes(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var scalars = Array(text.unicodeScalars)
        var index = 0
        while index + 2 < scalars.count {
            if scalars[index] == "%", scalars[index + 1].properties.isASCIIHexDigit,
               scalars[index + 2].properties.isASCIIHexDigit {
                scalars[index + 1] = upper(scalars[index + 1])
                scalars[index + 2] = upper(scalars[index + 2])
                index += 3
            } else {
                index += 1
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    private static func upper(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("a"..."f").contains(scalar) ? Unicode.Scalar(scalar.value - 32)! : scalar
    }
}
