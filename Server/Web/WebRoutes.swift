import Hummingbird
import SatchelHTTP

/// The blog a browser reads: pages, the comment form, feeds and static files.
///
/// ```swift
/// WebRoutes(dependencies: dependencies).register(on: router)
/// ```
struct WebRoutes {
    let dependencies: ServerDependencies

    /// Registers every HTML, feed and static route.
    func register(on router: Router<SatchelRequestContext>) {
        BlogRoutes(dependencies: dependencies).register(on: router)
        PostPageRoutes(dependencies: dependencies).register(on: router)
        CommentFormRoutes(dependencies: dependencies).register(on: router)
        AtomFeedRoutes(dependencies: dependencies).register(on: router)
        StaticFileRoutes().register(on: router)
    }
}
