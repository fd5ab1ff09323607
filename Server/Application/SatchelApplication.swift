import Foundation
import Hummingbird
import Logging
import NIOCore
import SatchelHTTP
import ServiceLifecycle
import SatchelShared

/// Builds the Satchel HTTP application.
///
/// ```swift
/// let store = try SQLiteStore(path: "satchel.sqlite")
/// let app = try await SatchelApplication.make(
///     configuration: ServerConfiguration(), dependencies: ServerDependencies(store: store))
/// try await app.runService()
/// ```
public enum SatchelApplication {
    /// The router with every route and middleware; exposed so tests can list its routes. Request lines
    /// go to `requestLogger`; `/metrics` is served on this router only with a `metricsToken`.
    public static func router(
        dependencies: ServerDependencies, requestLogger: Logger = Logger(label: "satchel.server"),
        metricsToken: String? = nil
    ) -> Router<SatchelRequestContext> {
        var dependencies = dependencies
        if dependencies.postPublished == nil {
            let delivery = AuthorDelivery(dependencies: dependencies)
            dependencies.postPublished = { post, request in await delivery.deliver(post, origin: WebSite.origin(of: request)) }
        }
        let router = Router(context: SatchelRequestContext.self)
        let routeMethods = RouteMethods()
        router.add(middleware: ServerTimingMiddleware())
        router.add(middleware: RequestLogMiddleware(logger: requestLogger))
        if let metrics = dependencies.metrics { router.add(middleware: RequestMetricsMiddleware(metrics: metrics)) }
        router.add(middleware: ProblemMiddleware(routes: routeMethods))
        router.add(middleware: RequestTargetMiddleware())
        router.add(middleware: WebErrorMiddleware(routes: routeMethods))
        router.add(middleware: ConditionalRequestMiddleware())
        if let metrics = dependencies.metrics, let metricsToken {
            MetricsEndpoint(metrics: metrics, token: metricsToken).register(on: router)
        }
        router.add(middleware: BearerAuthMiddleware(
            accounts: dependencies.accounts, versions: dependencies.versions, tokens: dependencies.tokenCache,
            clock: dependencies.clock))
        HealthRoutes().register(on: router)
        let api = router.group("v1")
        OperationsRoutes(dependencies: dependencies).addRoutes(to: router, api: api)
        AccountRoutes(dependencies: dependencies).addRoutes(to: api)
        PostRoutes(dependencies: dependencies).addRoutes(to: api)
        CommentRoutes(dependencies: dependencies).addRoutes(to: api)
        SyncRoutes(dependencies: dependencies, purger: TombstonePurger()).addRoutes(to: api)
        BlobRoutes(dependencies: dependencies).addRoutes(to: api)
        CaptureRoutes(dependencies: dependencies).addRoutes(to: api)
        FollowRoutes(dependencies: dependencies).addRoutes(to: api)
        ExportRoutes(dependencies: dependencies).addRoutes(to: api)
        MediaRoutes(dependencies: dependencies).register(api: api, router: router)
        WebRoutes(dependencies: dependencies).register(on: router)
        routeMethods.record(router.routes.map { ("\($0.path)", $0.method.rawValue) })
        return router
    }

    /// The application serving `router(dependencies:)` at the configured address. `services` (a
    /// database pool, say) run beside the server and stop after it; `beforeServerStarts` runs once
    /// they are started and before the first request is accepted (migrations, demo content). Once the server
    /// listens, media items an earlier process left without variants are queued for them. With
    /// `configuration.metrics` set to `.port`, a metrics listener runs beside it too, and
    /// `onMetricsServerRunning` is told its channel.
    public static func make(
        configuration: ServerConfiguration, dependencies: ServerDependencies,
        logger: Logger = Logger(label: "satchel.server"),
        services: [any Service] = [],
        beforeServerStarts: (@Sendable () async throws -> Void)? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in },
        onMetricsServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let bodyTimeout = TimeAmount.nanoseconds(Duration.seconds(interval: configuration.requestBodyTimeout).wholeNanoseconds)
        let idleTimeout = TimeAmount.nanoseconds(Duration.seconds(interval: configuration.idleTimeout).wholeNanoseconds)
        var services = services
        var metricsToken: String?
        switch configuration.metrics {
        case .off:
            break
        case .token(let token):
            guard dependencies.metrics != nil else { throw MissingServerMetrics() }
            metricsToken = token
        case .port(let host, let port):
            guard let metrics = dependencies.metrics else { throw MissingServerMetrics() }
            services.append(MetricsEndpoint.application(
                metrics: metrics, host: host, port: port, logger: logger, onServerRunning: onMetricsServerRunning))
        }
        var application = Application(
            responder: RequestTaskResponder(
                base: HeadResponder(
                    base: router(dependencies: dependencies, requestLogger: logger, metricsToken: metricsToken).buildResponder()),
                waitsInPlace: LiveWaitRequest.matches),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [RequestReadTimeoutHandler(timeout: bodyTimeout, stallTimeout: idleTimeout)],
                idleTimeout: idleTimeout)),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "satchel"),
            services: services,
            onServerRunning: { channel in
                // Items a stopped process left pending get their variants, once the store is migrated and ready.
                let maker = MediaVariantMaker(dependencies: dependencies)
                Task { await maker.resumePending() }
                await onServerRunning(channel)
            },
            logger: logger)
        if let beforeServerStarts { application.beforeServerStarts(perform: beforeServerStarts) }
        return application
    }
}
