import Foundation
import SatchelPageCapture
import SatchelShared

/// Saves web addresses to the reading list with their content: each page is captured on this machine
/// (fetched through the guarded fetcher, extracted, its images kept) and stored with the article, so it
/// reads offline here and, after a sync, on every other machine.
public struct ArticleSaver: Sendable {
    /// What saving an address did.
    public struct Outcome: Sendable {
        /// The article on the reading list.
        public var article: SavedArticle
        /// True when the address was already saved (as given, or after its redirects): nothing was added.
        public var alreadySaved: Bool
        /// The capture's failure, when it failed (the article stays saved, with its address).
        public var failure: CaptureFailure?
        /// Images the readable copy keeps as links because they could not be fetched.
        public var failedImages: Int
    }

    private let store: LocalStore
    private let capturer: PageCapturer

    /// A saver writing into `store` and capturing with `capturer`.
    public init(store: LocalStore, capturer: PageCapturer) {
        self.store = store
        self.capturer = capturer
    }

    /// Saves `url`, capturing it unless `capture` is false. An address already on the list is not added
    /// again (its new tags are added to the one there). With `capture` false the page is not fetched, and
    /// `markPending` leaves it waiting for `capture --failed`. Throws the ``CaptureFailure`` when the address may
    /// not be fetched at all (then nothing is saved); other capture failures are kept on the article.
    public func save(
        url: String, title: String? = nil, tags: [String] = [], note: String = "", capture: Bool = true,
        markPending: Bool = false
    ) async throws -> Outcome {
        if let existing = try store.article(matching: url) {
            let article = tags.isEmpty ? existing : try store.tag(existing.id, add: tags)
            return Outcome(article: article, alreadySaved: true, failure: nil, failedImages: 0)
        }
        // Saved as pending in the same write: a crash before the capture ends leaves it to retry.
        let saved = try store.saveArticle(url: url, title: title, tags: tags, note: note, capturePending: capture || markPending)
        guard capture else { return Outcome(article: saved, alreadySaved: false, failure: nil, failedImages: 0) }
        let outcome = try await self.capture(saved.id, dropIfDuplicate: true)
        // An address that may not be fetched (a private network, a refused port, on any redirect hop) is
        // refused outright rather than kept as a failure: nothing is saved.
        if let failure = outcome.failure, failure.kind == .refused {
            try store.deleteArticle(saved.id)
            throw failure
        }
        return outcome
    }

    /// Captures (again) a saved article's page. A failure is recorded on the article and returned, not
    /// thrown; the previous readable copy stays until a capture succeeds.
    public func capture(_ id: UUID) async throws -> Outcome {
        try await capture(id, dropIfDuplicate: false)
    }

    private func capture(_ id: UUID, dropIfDuplicate: Bool) async throws -> Outcome {
        guard let article = try store.article(id)?.value, !article.deleted else {
            throw LocalStoreError.notFound("The article \(id)")
        }
        guard URL(string: article.url).flatMap(\.scheme).map({ ["http", "https"].contains($0.lowercased()) }) == true else {
            throw LocalStoreError.invalid("\(article.title) is a file, not a web page: there is nothing to capture.")
        }
        let result: PageCapture
        do {
            // A page an import brought (wallabag, Omnivore) is the capture: only its images are fetched.
            result = try await capturer.capture(url: article.url, html: try store.providedPage(for: id))
        } catch let failure as CaptureFailure {
            let failed = try store.recordCaptureFailure(failure.reason, for: id)
            return Outcome(article: failed, alreadySaved: false, failure: failure, failedImages: 0)
        }
        // Redirected to a page already on the list: keep that one (capturing it if it has no copy yet).
        if dropIfDuplicate, let other = try store.article(matching: result.finalURL, excluding: id) {
            try store.deleteArticle(id)
            let kept = other.captureStatus == .captured ? other : try store.keepCapture(result, for: other.id)
            return Outcome(article: kept, alreadySaved: true, failure: nil, failedImages: result.failedImages)
        }
        let kept = try store.keepCapture(result, for: id)
        try store.captureFinished(id)
        return Outcome(article: kept, alreadySaved: false, failure: nil, failedImages: result.failedImages)
    }
}
