import ArgumentParser
import SatchelClient
import Foundation
import SatchelPageCapture
import SatchelShared

/// `satchel save URL` / `satchel save --file PATH`: adds an article (or a file of this machine) to the reading list.
struct Save: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save an article, or a file from this machine, to the reading list.",
        discussion: """
            The page is captured on this machine: fetched, its article extracted and kept with its images, \
            so `satchel read ID` works offline here and, after a sync, on your other machines. A PDF or an \
            image is kept as the article's file. An address already saved (as given or after its redirects, \
            ignoring tracking parameters) is not added twice. When the capture fails the article stays saved \
            with the reason; retry with `satchel capture ID`. Private and local addresses are refused \
            (allow networks with SATCHEL_CAPTURE_ALLOW=CIDR,...). Saving the address of a post of your \
            server (SERVER/v1/posts/ID-OR-SLUG) links the post and keeps its text instead.

            Example:
              satchel save https://example.com/essay --title "An essay" --tag longread --tag essays
              satchel save http://127.0.0.1:8080/v1/posts/why-offline-first
              satchel save --file paper.pdf --tag research   # then `satchel open ID` on any machine
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's http or https address.") var url: String?
    @Option(help: "Save this file (PDF, HTML, EPUB, image, …) instead: it syncs to your other machines.") var file: String?
    @Option(help: "Title (default: the post's title, or the site's name).") var title: String?
    @Option(name: .customLong("tag"), help: "A label; repeat for several.") var tags: [String] = []
    @Option(help: "A private note.") var note: String?
    @Flag(name: .shortAndLong, help: "Print only the new article's id.") var quiet = false
    @Flag(inversion: .prefixedNo, help: "Capture the page now, for reading offline on every machine.") var capture = true

    func validate() throws {
        if (url == nil) == (file == nil) { throw ValidationError("Give either an address or --file PATH.") }
    }

    func run() async throws {
        let session = try Session.open(options)
        if let file { return try await saveFile(file, session: session) }
        let url = self.url ?? ""
        var post: Post?
        var postId: UUID?
        var linkNote = ""
        var linksPost = false
        if let profile = session.profile, let key = PostLink.postKey(in: url, server: profile.server) {
            linksPost = true
            do {
                post = try await session.serverAPI().post(idOrSlug: key)
                postId = post?.id
            } catch TransportError.network {
                // Offline: a post id is enough to link now; its text is fetched at the next sync.
                postId = UUID(uuidString: key)
                linkNote = postId == nil
                    ? " (server unreachable: not linked to the post)" : " (text fetched at the next sync)"
            }
        }
        if !linksPost && capture {
            return try await saveCapturing(url, session: session)
        }
        let article = try session.store.saveArticle(
            url: url, title: title ?? post?.title, tags: tags, note: note ?? "",
            siteName: post == nil ? nil : session.profile.flatMap { URL(string: $0.server)?.host },
            excerpt: post?.excerpt ?? "", postId: postId)
        if let post {
            try session.store.cacheBody(post.body, readingTimeMinutes: post.readingTimeMinutes, for: article.id)
            linkNote = " (linked to the post, \(post.readingTimeMinutes) min read, kept for offline reading)"
        }
        if quiet {
            _ = await session.syncAfterChange()
            Console.current.line(article.id.uuidString.lowercased())
            return
        }
        try await session.reportArticleChange(
            article.id, "Saved \(IDResolver.short(article.id)) \"\(article.title)\"\(linkNote).")
    }

    /// Fetches the page on this machine, keeps its readable copy and images with the article, and syncs.
    private func saveCapturing(_ url: String, session: Session) async throws {
        let outcome: ArticleSaver.Outcome
        do {
            let saver = try session.articleSaver()
            if session.options.offline {
                // No network now: saved as pending, captured by `satchel capture --failed` later.
                outcome = try await saver.save(
                    url: url, title: title, tags: tags, note: note ?? "", capture: false, markPending: true)
            } else {
                outcome = try await saver.save(url: url, title: title, tags: tags, note: note ?? "")
            }
        } catch let failure as CaptureFailure {
            throw CLIError("Not saved: \(failure.reason)", exitCode: ExitStatus.usage)
        }
        let article = outcome.article
        if quiet {
            _ = await session.syncAfterChange()
            Console.current.line(article.id.uuidString.lowercased())
            return
        }
        let short = IDResolver.short(article.id)
        let text: String
        if outcome.alreadySaved {
            text = "Already saved: \(short) \"\(article.title)\"."
        } else if session.options.offline {
            text = "Saved \(short) \"\(article.title)\"; its page is captured by `satchel capture --failed` once online."
        } else if let failure = outcome.failure {
            text = "Saved \(short) \"\(article.title)\", but its page could not be captured: \(failure.reason)\n"
                + "Retry with `satchel capture \(short)`."
        } else {
            text = "Saved \(short) \"\(article.title)\" (\(Self.captureSummary(article, failedImages: outcome.failedImages)))."
        }
        try await session.reportArticleChange(article.id, text)
    }

    /// `5 min read, 3 images, kept for reading offline` or `PDF, 1.2 MB, kept on every machine`.
    static func captureSummary(_ article: SavedArticle, failedImages: Int) -> String {
        guard let digest = article.captureDigest, let main = article.attachments.first(where: { $0.digest == digest }) else {
            return "not captured"
        }
        if main.mediaType != "application/json" {
            return "\(main.mediaType == "application/pdf" ? "PDF" : "image"), \(FileSize.text(main.size)), kept on every machine"
        }
        let images = article.attachments.filter { $0.mediaType.hasPrefix("image/") }.count
        var parts = ["\(max(article.readingMinutes, 1)) min read"]
        if images > 0 { parts.append("\(images) image\(images == 1 ? "" : "s")") }
        if failedImages > 0 { parts.append("\(failedImages) image\(failedImages == 1 ? "" : "s") left on the web") }
        return parts.joined(separator: ", ") + ", kept for reading offline"
    }

    /// Copies the file into this machine's file cache and saves it as an article; the sync uploads it.
    private func saveFile(_ path: String, session: Session) async throws {
        let article = try session.store.saveFile(path: path, title: title, tags: tags, note: note ?? "")
        if quiet {
            _ = await session.syncAfterChange()
            Console.current.line(article.id.uuidString.lowercased())
            return
        }
        let size = article.attachments.first.map { FileSize.text($0.size) } ?? ""
        try await session.reportArticleChange(
            article.id, "Saved \(IDResolver.short(article.id)) \"\(article.title)\" (\(size), kept on every machine).")
    }
}
