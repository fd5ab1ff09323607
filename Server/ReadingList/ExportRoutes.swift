import Foundation
import Hummingbird
import SatchelExport
import SatchelHTTP
import SatchelShared

/// `GET /v1/export`: the signed-in account's reading list as the JSON export (`satchel export --format
/// json`), every field of every saved article with the highlights on them, for the account's owner only: the data portability a hosted
/// service owes its readers. `satchel import` restores it.
struct ExportRoutes {
    let dependencies: ServerDependencies

    /// Adds the route to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        api.get("export") { request, context in
            let user = try context.requireUser()
            try request.requireOnlyQueryParameters([])
            let feed = SavedArticleFeed(dependencies: dependencies)
            let articles = try await feed.articles(of: user)
            let saved = Set(articles.map(\.id))
            let highlights = try await feed.highlights(of: user).filter { saved.contains($0.articleId) }
            let body = try ArticleExport.json(articles, highlights: highlights, exportedAt: dependencies.clock())
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/json", .cacheControl: "no-store",
                    BlobHeaders.contentDisposition: "attachment; filename=\"satchel-export.json\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
