import Foundation
import SatchelFetch
import SatchelPageCapture
import SatchelShared
import SatchelTestSupport
import Testing
@testable import SatchelClient

/// Saving web pages with their content over real HTTP: captured on machine A from loopback sites through
/// the guarded fetcher, synced, and read on machine B with the server stopped.
@Suite("Capture on save, read everywhere")
struct CaptureSyncTests {
    static func saver(_ store: LocalStore, _ site: CaptureSite, policy: FetchPolicy? = nil) -> ArticleSaver {
        ArticleSaver(store: store, capturer: PageCapturer(fetcher: GuardedFetcher(policy: policy ?? site.policy)))
    }

    @Test("a page captured on A, images from a second host, is read on B with the server stopped")
    func readOnOtherMachineOffline() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await TwoMachines.run { machines in
            let outcome = try await Self.saver(machines.a, site).save(url: site.url("/harbour"), tags: ["Sea"])
            #expect(outcome.failure == nil && !outcome.alreadySaved)
            #expect(outcome.failedImages == 1)
            let saved = outcome.article
            #expect(saved.title == "The Quiet Harbour" && saved.siteName == "Harbour News" && saved.byline == "Ada Lovelace")
            #expect(saved.captureStatus == .captured && saved.readingMinutes >= 1)
            #expect(saved.attachments.count == 3)  // article.json and two images
            try await machines.a.sync()
            let pulled = try await machines.b.sync()
            #expect(pulled.filesFetched == 3 && pulled.filesPending == 0)
            site.stop()

            let offline = try AttachmentSyncTests.offline(machines.directory.appendingPathComponent("machine-b.sqlite").path)
            let article = try #require(try offline.article(saved.id)?.value)
            #expect(article.captureDigest == saved.captureDigest)
            let copy = try #require(try await offline.readableCopy(of: article))
            #expect(copy.title == "The Quiet Harbour")
            #expect(copy.html.contains(CaptureSite.sentence))
            let images = await offline.imageFiles(of: copy, in: article)
            #expect(images.count == 2)
            let png = try #require(images[site.images.baseURL + "/a.png"])
            #expect(FileManager.default.contents(atPath: png) == Data(CaptureSite.png))
        }
    }

    @Test("the same page is saved once: tracking parameters, fragment, scheme case, trailing slash, redirects")
    func noDuplicates() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await TwoMachines.run { machines in
            let saver = Self.saver(machines.a, site)
            let first = try await saver.save(url: site.url("/harbour"))
            for again in [
                site.url("/harbour?utm_source=feed&fbclid=x#comments"), site.url("/harbour/"),
                site.url("/harbour").replacingOccurrences(of: "http://", with: "HTTP://"),
            ] {
                let outcome = try await saver.save(url: again)
                #expect(outcome.alreadySaved && outcome.article.id == first.article.id, "\(again)")
            }
            // A different address that redirects to a saved page finds that page.
            let redirected = try await saver.save(url: site.url("/old"))
            #expect(redirected.alreadySaved && redirected.article.id == first.article.id)
            let saved = try machines.a.articles().filter { !$0.value.deleted }
            #expect(saved.count == 1)
        }
    }

    @Test("both addresses are kept: the one saved, and where it redirected")
    func keepsBothURLs() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await TwoMachines.run { machines in
            let outcome = try await Self.saver(machines.a, site).save(url: site.url("/old"))
            #expect(outcome.article.url == site.url("/old"))
            #expect(outcome.article.finalUrl == site.url("/harbour"))
            // Saving the final address now finds it.
            let again = try await Self.saver(machines.a, site).save(url: site.url("/harbour"))
            #expect(again.alreadySaved && again.article.id == outcome.article.id)
        }
    }

    @Test("a failed capture stays saved with its reason; a retry succeeds; a failing re-capture keeps the copy")
    func failureAndRetry() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await TwoMachines.run { machines in
            let saver = Self.saver(machines.a, site)
            let failed = try await saver.save(url: site.url("/flaky"))
            #expect(failed.failure != nil)
            #expect(failed.article.captureStatus == .failed && failed.article.captureError.contains("503"))
            #expect(try machines.a.articlesNeedingCapture().map(\.id) == [failed.article.id])

            site.setFlakyWorks(true)
            let retried = try await saver.capture(failed.article.id)
            #expect(retried.failure == nil && retried.article.captureStatus == .captured)
            #expect(retried.article.title == "Flaky Article")
            #expect(try machines.a.articlesNeedingCapture().isEmpty)

            site.setFlakyWorks(false)
            let again = try await saver.capture(failed.article.id)
            #expect(again.article.captureStatus == .failed)
            #expect(again.article.captureDigest == retried.article.captureDigest)
            let copy = try await machines.a.readableCopy(of: again.article)
            #expect(copy?.title == "Flaky Article")
        }
    }

    @Test("a slow page times out and a 403 is reported as the site's refusal")
    func slowAndForbidden() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await TwoMachines.run { machines in
            let saver = Self.saver(machines.a, site)
            let started = ContinuousClock.now
            let slow = try await saver.save(url: site.url("/slow"))
            // The 3 s limit, long before the page's 60 s (room left for a loaded machine).
            #expect(ContinuousClock.now - started < .seconds(45))
            #expect(slow.article.captureStatus == .failed)
            let forbidden = try await saver.save(url: site.url("/forbidden"))
            #expect(forbidden.article.captureError.contains("403"))
        }
    }

    @Test("a page whose header and meta tag disagree on the charset is read as the header says")
    func charsetMismatch() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await TwoMachines.run { machines in
            let outcome = try await Self.saver(machines.a, site).save(url: site.url("/latin1"))
            #expect(outcome.article.title == "Caf\u{E9} cr\u{E8}me")
        }
    }

    @Test("a PDF address is kept as the article's file")
    func pdfAddress() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await TwoMachines.run { machines in
            let outcome = try await Self.saver(machines.a, site).save(url: site.url("/paper.pdf"))
            let article = outcome.article
            #expect(article.captureStatus == .captured)
            let file = try #require(article.attachments.first { $0.digest == article.captureDigest })
            #expect(file.mediaType == "application/pdf" && file.name == "paper.pdf")
            #expect(try await machines.a.readableCopy(of: article) == nil)
        }
    }

    @Test("with the default rules a loopback address is refused: nothing is saved and the site gets no request")
    func refusedByDefault() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await TwoMachines.run { machines in
            let saver = Self.saver(machines.a, site, policy: .standard)
            await #expect(throws: CaptureFailure.self) { try await saver.save(url: site.url("/harbour")) }
            let remaining = try machines.a.articles().filter { !$0.value.deleted }
            #expect(remaining.isEmpty)
            #expect(site.site.requestCount == 0)
        }
    }
}
