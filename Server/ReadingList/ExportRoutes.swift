import Foundation
import Hummingbird
import SatchelExport
import SatchelHTTP
import SatchelShared

/// `GET /v1/export`: the signed-in account's reading list as the JSON export (`satchel export --format
/// json`), every field of every saved article, for the account's owner only: the data portability a hosted
/// service owes its readers. `satchel import` restores it.
struct ExportRoutes {
    let dependencies: ServerDependencies

    /// Adds the route to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        api.get("export") { request, context in
            let user = try context.requireUser()
            try request.requireOnlyQueryParameters([])
            let articles = try await SavedArticleFeed(dependencies: dependencies).articles(of: user)
            let body = try ArticleExport.json(articles, exportedAt: dependencies.clock())
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
