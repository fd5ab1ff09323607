import SatchelFetch

/// Why a page could not be captured, as a sentence the article keeps (its `captureError`) and a reader sees.
public struct CaptureFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure: whether trying again later may help.
    public enum Kind: String, Sendable, Equatable {
        /// The address may not be fetched (refused address, port or scheme): retrying does not help.
        case refused
        /// The network, a timeout or the site's refusal (403, 429, 5xx, a bot wall): worth retrying later.
        case unreachable
        /// The content is not something Satchel saves, or holds no article.
        case unsupported
    }

    /// The kind.
    public var kind: Kind
    /// The reason, one sentence.
    public var reason: String

    /// Creates a failure.
    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }

    /// The failure a fetch error stands for.
    public init(_ error: FetchError) {
        switch error {
        case .invalidURL, .unsupportedScheme, .refusedPort, .refusedAddress, .invalidAllowList:
            self.init(.refused, error.description)
        case .httpStatus(let status) where status == 401 || status == 403 || status == 451:
            self.init(.unreachable, "The site refused the request (HTTP \(status)); it may block automated readers. Save the page from your browser instead.")
        case .httpStatus(let status) where status == 404 || status == 410:
            self.init(.unsupported, "The page does not exist (HTTP \(status)).")
        case .tooManyRedirects, .redirectWithoutLocation, .tooLarge, .timedOut, .httpStatus, .network:
            self.init(.unreachable, error.description)
        }
    }
}
