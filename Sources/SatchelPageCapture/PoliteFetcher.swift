import Foundation
import SatchelFetch

/// A fetcher that waits for each host's turn (``HostPacer``) before every request, page or image, and
/// slows down for a host that answers 429 or 503. Used by the capture queue, where one import may hold
/// thousands of pages of the same site.
public struct PoliteFetcher: PageFetching {
    private let base: any PageFetching
    private let pacer: HostPacer

    /// Fetches through `base`, paced by `pacer`.
    public init(_ base: any PageFetching, pacer: HostPacer) {
        self.base = base
        self.pacer = pacer
    }

    /// Waits for the host's turn, then fetches.
    public func fetch(_ request: FetchRequest) async throws -> FetchResponse {
        let host = URL(string: request.url)?.host ?? request.url
        try await pacer.waitForTurn(host)
        do {
            let response = try await base.fetch(request)
            await pacer.recovered(host)
            return response
        } catch FetchError.httpStatus(let status) where status == 429 || status == 503 {
            await pacer.slowDown(host)
            throw FetchError.httpStatus(status)
        }
    }
}
