/// Why a fetch failed; its description is one plain English sentence a command line can print.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not an absolute URL curl can parse.
    case invalidURL(String)
    /// A scheme other than http or https (in the request or a redirect).
    case unsupportedScheme(String)
    /// A port outside the policy's allowed ports.
    case refusedPort(Int)
    /// The host is, resolves to, or is spelled as an address that may not be fetched from.
    case refusedAddress(host: String, address: String, reason: String)
    /// More redirects than the policy allows (the limit).
    case tooManyRedirects(Int)
    /// A redirect status without a `Location` header.
    case redirectWithoutLocation
    /// The body (decompressed) or the headers exceed the limit, in bytes.
    case tooLarge(limit: Int)
    /// The whole fetch took longer than the policy's total timeout.
    case timedOut(seconds: Double)
    /// The final response's status is not 2xx.
    case httpStatus(Int)
    /// A connection, TLS or protocol failure, as curl words it.
    case network(String)
    /// An allowlist item that is not a CIDR network.
    case invalidAllowList(String)

    /// The reason ``refusedAddress(host:address:reason:)`` gives for a numeric host written other than as a dotted quad.
    public static let notPlainAddress = "not a plain address"

    /// One sentence, e.g. "refused to fetch from localhost: it resolves to 127.0.0.1, a loopback address".
    public var description: String {
        switch self {
        case .invalidURL(let url):
            return "\(url) is not a valid http or https URL"
        case .unsupportedScheme(let scheme):
            return "refused to fetch a \(scheme): URL: only http and https are fetched"
        case .refusedPort(let port):
            return "refused to connect to port \(port): pages are fetched only from the allowed ports (80 and 443 unless configured)"
        case let .refusedAddress(host, address, reason):
            if reason == Self.notPlainAddress {
                return "refused to fetch from \(host): \(host) is not a plain address (a number written other than as a dotted quad)"
            }
            let kind = "\(Self.article(reason)) \(reason) address"
            if host == address || host == "[\(address)]" {
                return "refused to fetch from \(host): it is \(kind)"
            }
            return "refused to fetch from \(host): \(host) resolves to \(address), \(kind)"
        case .tooManyRedirects(let limit):
            return "gave up after \(limit) redirects"
        case .redirectWithoutLocation:
            return "the server answered with a redirect but no Location to go to"
        case .tooLarge(let limit):
            return "the response is larger than the limit of \(limit) bytes"
        case .timedOut(let seconds):
            return "the fetch did not finish within \(Self.seconds(seconds)) seconds"
        case .httpStatus(let status):
            return "the server answered with HTTP status \(status)"
        case .network(let message):
            return "the fetch failed: \(message)"
        case .invalidAllowList(let item):
            return "\(item) in the allowlist is not a network (write addresses or CIDR networks such as 10.0.0.0/8)"
        }
    }

    private static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        // "an IPv4-mapped", "an unspecified", but "a unique local".
        if word.hasPrefix("unique") { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
