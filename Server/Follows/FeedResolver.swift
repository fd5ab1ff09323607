import Foundation
import SatchelFeeds
import SatchelFetch
import SatchelHTTP

/// What a follow of an address follows: the address itself when it is a feed, else the first feed the page
/// there advertises (`<link rel="alternate">`), fetched through the server's guarded fetcher. At most two
/// fetches; nothing is guessed.
struct FeedResolver {
    let fetcher: GuardedFetcher

    /// A feed found: where it is (after redirects) and what it says about itself.
    struct Resolved {
        var url: String
        var feed: Feed
    }

    func resolve(_ address: String) async throws -> Resolved {
        let first = try await fetch(address)
        switch Self.parse(first) {
        case .success(let feed):
            return Resolved(url: first.finalURL, feed: feed)
        case .failure(.htmlPage):
            let found = FeedDiscovery.feeds(inPage: first.body, contentType: first.headers["content-type"], pageURL: first.finalURL)
            guard let advertised = found.first else {
                throw Self.notAFeed("The page at \(address.prefix(200)) advertises no feed.")
            }
            let second = try await fetch(advertised.url)
            switch Self.parse(second) {
            case .success(let feed): return Resolved(url: second.finalURL, feed: feed)
            case .failure(let error):
                throw Self.notAFeed("The feed the page advertises (\(advertised.url.prefix(200))) is \(error.description).")
            }
        case .failure(let error):
            throw Self.notAFeed("The address gives \(error.description).")
        }
    }

    private static func parse(_ response: FetchResponse) -> Result<Feed, FeedError> {
        Result { () throws(FeedError) in
            try FeedParser.parse(response.body, url: response.finalURL, contentType: response.headers["content-type"])
        }
    }

    private func fetch(_ address: String) async throws -> FetchResponse {
        do {
            return try await fetcher.fetch(FetchRequest(url: address, accept: FeedChecker.accept))
        } catch let error as FetchError {
            switch error {
            case .refusedAddress, .refusedPort, .unsupportedScheme, .invalidURL:
                throw APIError(.forbidden, type: "/problems/follow-refused", title: "Address refused",
                               detail: "\(error.description) Nothing was followed.")
            default:
                throw APIError(.unprocessableContent, type: "/problems/feed-unreachable", title: "Feed unreachable",
                               detail: "\(address.prefix(200)) could not be fetched: \(error.description)")
            }
        }
    }

    static func notAFeed(_ detail: String) -> APIError {
        APIError(.unprocessableContent, type: "/problems/not-a-feed", title: "Not a feed", detail: detail + " Nothing was followed.")
    }
}
