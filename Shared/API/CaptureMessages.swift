import Foundation

/// `POST /v1/captures` body: an address for the server to capture into the caller's reading list, and
/// optionally the page itself (one the reader already has open, past a paywall or a bot wall).
public struct CaptureRequest: Codable, Sendable, Equatable {
    /// The page's http or https address.
    public var url: String
    /// The page's HTML as the reader's browser has it; when given, the server does not fetch the page
    /// (only its images).
    public var html: String?

    /// Creates a request.
    public init(url: String, html: String? = nil) {
        self.url = url
        self.html = html
    }
}

/// `POST /v1/captures` response: the saved article (new, or the one already holding that page).
public struct CaptureResponse: Codable, Sendable, Equatable {
    /// The article on the caller's reading list, as its synced record says.
    public var article: SavedArticle
    /// True when the page was already saved (as given or after redirects): nothing was added.
    public var alreadySaved: Bool
    /// Images the readable copy keeps as links because they could not be fetched.
    public var failedImages: Int

    /// Creates a response.
    public init(article: SavedArticle, alreadySaved: Bool, failedImages: Int) {
        self.article = article
        self.alreadySaved = alreadySaved
        self.failedImages = failedImages
    }
}
