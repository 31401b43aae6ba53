import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// Counts requests and records their latency by route, method and status into a Prometheus
/// registry that the application owns (no global metrics system is bootstrapped), and logs each
/// request once it is answered (at `info`, with its status and duration).
///
/// The access log is written here rather than by a middleware of its own: every middleware adds
/// its frame to the stack each kept-alive connection holds for as long as it lives.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = MusterRequestContext
    /// The registry's instruments for each route, method and status.
    private let instruments: Instruments

    init(registry: PrometheusCollectorRegistry) {
        self.instruments = Instruments(registry: registry)
    }

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2.5), .seconds(5),
    ]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Errors are mapped to responses further in; what still arrives here is logged.
            context.logger.error(
                "request failed",
                metadata: [
                    "http.method": .string(request.method.rawValue), "http.path": .string(request.uri.path),
                    "error": .string(String(describing: error)),
                ])
            throw error
        }
        let elapsed = ContinuousClock.now - start
        let (requests, latency) = instruments.of(
            route: context.endpointPath ?? "unmatched", method: request.method, status: response.status.code)
        requests.increment()
        latency.record(elapsed)
        context.logger.info(
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue), "http.path": .string(request.uri.path),
                "http.status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible((elapsed / .microseconds(1)).rounded() / 1000),
            ])
        return response
    }
}

extension RequestMetricsMiddleware {
    /// The counter and the histogram of each route, method and status, made in the registry on
    /// first use and kept: the registry finds an instrument by building its full name and
    /// comparing its labels, which every answer save would otherwise pay.
    final class Instruments: Sendable {
        struct Key: Hashable {
            var route: String
            var method: HTTPRequest.Method
            var status: Int
        }

        let registry: PrometheusCollectorRegistry
        private let made = Mutex<[Key: (Counter, DurationHistogram)]>([:])

        init(registry: PrometheusCollectorRegistry) {
            self.registry = registry
        }

        /// The instruments for one route, method and status.
        func of(route: String, method: HTTPRequest.Method, status: Int) -> (Counter, DurationHistogram) {
            let key = Key(route: route, method: method, status: status)
            if let found = made.withLock({ $0[key] }) { return found }
            let labels = [("route", route), ("method", method.rawValue), ("status", String(status))]
            let requests = registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    metricName: "http_requests", unitName: "total",
                    helpText: "HTTP requests served, by route, method and status."),
                labels: labels)
            let latency = registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    metricName: "http_request_duration", unitName: "seconds",
                    helpText: "HTTP request latency, by route, method and status."),
                labels: labels, buckets: RequestMetricsMiddleware.buckets)
            // The registry hands out one instrument per name and labels, so a race here stores the same pair.
            made.withLock { $0[key] = (requests, latency) }
            return (requests, latency)
        }
    }
}
