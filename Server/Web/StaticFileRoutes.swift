import Foundation
import Hummingbird
import SatchelHTTP

/// `GET /static/{name}`: the stylesheet (under its content-hashed name, cached for a year) and images.
struct StaticFileRoutes {
    func register(on router: Router<SatchelRequestContext>) {
        router.get("/static/{name}") { _, context in
            let site = try WebSite.load()
            let name = context.parameters.get("name") ?? ""
            guard let file = site.assets.files[name] else { throw APIError.notFound("The file '\(name)'") }
            let cache = file.immutable ? "public, max-age=31536000, immutable" : "public, max-age=86400"
            return WebResponse.tagged(file.data, headers: [.contentType: file.contentType, .cacheControl: cache])
        }
    }
}
