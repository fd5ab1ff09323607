import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel save URL` / `satchel save --file PATH`: adds an article (or a file of this machine) to the reading list.
struct Save: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save an article, or a file from this machine, to the reading list.",
        discussion: """
            Saving the address of a post of your server (SERVER/v1/posts/ID-OR-SLUG, as `satchel posts` \
            prints it) links the post and keeps its text for reading offline (`satchel read ID`).

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
        if let profile = session.profile, let key = PostLink.postKey(in: url, server: profile.server) {
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
