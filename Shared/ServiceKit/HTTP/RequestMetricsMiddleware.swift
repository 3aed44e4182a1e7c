import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// Counts requests and times them per route, method and status, into the service's own
/// Prometheus registry (several services may share one process under `youyue up`).
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let status: Int
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            record(request, context: context, status: status, since: started)
            return response
        } catch {
            record(request, context: context, status: problem(for: error, logger: context.logger).status, since: started)
            throw error
        }
    }

    func record(_ request: Request, context: Context, status: Int, since started: ContinuousClock.Instant) {
        let key = RouteKey(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status)
        let meters = cache.meters(for: key, registry: registry)
        meters.requests.increment()
        meters.latency.record(ContinuousClock.now - started)
    }

    let cache = RouteMetersCache()
}

struct RouteKey: Hashable, Sendable {
    let route: String
    let method: String
    let status: Int
}

/// The counter and histogram of each route, looked up in the registry once.
final class RouteMetersCache: Sendable {
    struct Meters: Sendable {
        let requests: Counter
        let latency: DurationHistogram
    }
    private let storage = Mutex([RouteKey: Meters]())

    func meters(for key: RouteKey, registry: PrometheusCollectorRegistry) -> Meters {
        if let known = storage.withLock({ $0[key] }) { return known }
        let labels = [("route", key.route), ("method", key.method), ("status", String(key.status))]
        let meters = Meters(
            requests: registry.makeCounter(descriptor: MetricDescriptors.requests, labels: labels),
            latency: registry.makeDurationHistogram(
                descriptor: MetricDescriptors.requestDuration, labels: labels, buckets: latencyBuckets))
        storage.withLock { $0[key] = meters }
        return meters
    }
}

let latencyBuckets: [Duration] = [
    .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
    .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
]
