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

    func register(on router: Router<MusterRequestContext>) {
        router.get("health") { _, _ in Status(status: "ok") }
        router.get("ready") { _, _ in
            try await useCases.checkReadiness()
            return Status(status: "ready")
        }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer()))
            )
        }
        router.get("openapi.yaml") { _, _ in
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
