import CoreMetrics
import Foundation
import Prometheus
import SatchelShared
import Synchronization
import SatchelStores

/// The metrics of one server application: its own Prometheus registry behind a swift-metrics factory,
/// so that two applications in one process (tests running in parallel) never share a count.
///
/// Every metric is made with swift-metrics' `Counter`/`Timer`/`Gauge` and this factory, never through the
/// process-global `MetricsSystem`. Handles are cached per label set: labels are route templates and
/// fixed outcome names, so the number of series stays bounded whatever paths clients ask for.
///
/// ```swift
/// let metrics = ServerMetrics()
/// metrics.recordRequest(route: "/v1/posts/{id}", method: "GET", status: 200, duration: .milliseconds(3))
/// print(metrics.exposition())   // satchel_http_requests_total{route="/v1/posts/{id}",method="GET",status="2xx"} 1
/// ```
public final class ServerMetrics: Sendable {
    /// The registry that `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory that makes every metric of this application.
    public let factory: PrometheusMetricsFactory
    /// The server's version, reported as `satchel_build_info{version=…}`.
    public let version: String
    /// When this application's metrics started, for `satchel_uptime_seconds`.
    let started = ContinuousClock.now

    private let counters = Mutex<[MetricKey: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[MetricKey: CoreMetrics.Timer]>([:])
    private let gauges = Mutex<[MetricKey: CoreMetrics.Gauge]>([:])
    /// Read at each scrape: figures owned elsewhere (waiting live-sync clients, say).
    private let samplers = Mutex<[@Sendable (ServerMetrics) -> Void]>([])

    /// Creates an empty registry; `version` defaults to ``ServerVersion/current``.
    public init(version: String = ServerVersion.current) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let fast: [Duration] = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        factory.defaultDurationHistogramBuckets = fast
        self.registry = registry
        self.factory = factory
        self.version = version
    }

    /// The Prometheus text exposition of every metric, process figures refreshed first.
    public func exposition() -> [UInt8] {
        ProcessStats.read().record(into: self)
        for sample in samplers.withLock({ $0 }) { sample(self) }
        return registry.emitToBuffer()
    }

    /// Adds `sample`, run at each scrape to set gauges from state owned elsewhere.
    func addSampler(_ sample: @escaping @Sendable (ServerMetrics) -> Void) {
        samplers.withLock { $0.append(sample) }
    }

    /// Adds `amount` to the counter `name` with `labels`.
    func count(_ name: String, _ labels: [(String, String)] = [], by amount: Int = 1) {
        let key = MetricKey(name: name, labels: labels)
        let counter = counters.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
            cache[key] = counter
            return counter
        }
        counter.increment(by: amount)
    }

    /// Records `duration` in the histogram `name` with `labels`.
    func time(_ name: String, _ labels: [(String, String)] = [], _ duration: Duration) {
        let key = MetricKey(name: name, labels: labels)
        let timer = timers.withLock { cache in
            if let timer = cache[key] { return timer }
            let timer = CoreMetrics.Timer(label: name, dimensions: labels, factory: factory)
            cache[key] = timer
            return timer
        }
        timer.recordNanoseconds(duration.wholeNanoseconds)
    }

    /// Sets the gauge `name` with `labels` to `value`.
    func gauge(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        let key = MetricKey(name: name, labels: labels)
        let gauge = gauges.withLock { cache in
            if let gauge = cache[key] { return gauge }
            let gauge = CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory)
            cache[key] = gauge
            return gauge
        }
        gauge.record(value)
    }
}

/// A metric's name and label set, the key of the handle caches.
struct MetricKey: Hashable, Sendable {
    let name: String
    let labels: [String]

    init(name: String, labels: [(String, String)]) {
        self.name = name
        self.labels = labels.flatMap { [$0.0, $0.1] }
    }
}
