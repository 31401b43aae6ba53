import Foundation
import Hummingbird
import MusterApp
import Prometheus

/// Operational endpoints: liveness, readiness, metrics and the API contract.
struct SystemRoutes {
    let useCases: UseCases
    let metrics: PrometheusCollectorRegistry

    /// A small JSON status body.
    struct Status: ResponseEncodable {
        var status: String
    }

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/health") { _, _ in Status(status: "ok") }
        routes.add(.get, "/ready") { _, _ in
            try await useCases.checkReadiness()
            return Status(status: "ready")
        }
        routes.add(.get, "/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer()))
            )
        }
        routes.add(.get, "/openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.yaml))
            )
        }
    }
}
