import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MusterApp
import MusterStore
import MusterTestSupport
import Prometheus
import Testing
import Yams

@testable import MusterServer

@Suite("Operational endpoints")
struct SystemRoutesTests {
    static func withRouterApp(
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            // Open a pooled connection first: on a CI machine busy with the parallel tests, setting
            // one up can take longer than the readiness probe's 2 s, and the probe is about a
            // database that answers, not about connection set-up.
            try await database.client.query("SELECT 1", logger: database.logger)
            let app = Application(router: buildRouter(useCases: useCases, metrics: PrometheusCollectorRegistry()))
            try await app.test(.router) { client in try await body(client) }
        }
    }

    @Test("/health answers 200 and echoes a caller's request id")
    func health() async throws {
        try await Self.withRouterApp { client in
            try await client.execute(
                uri: "/health", method: .get, headers: [RequestIDMiddleware.header: "exam-room-7.42"]
            ) {
                response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
                #expect(response.headers[RequestIDMiddleware.header] == "exam-room-7.42")
            }
            try await client.execute(
                uri: "/health", method: .get, headers: [RequestIDMiddleware.header: "bad id with spaces"]
            ) {
                response in
                let id = response.headers[RequestIDMiddleware.header]
                #expect(id != nil && id != "bad id with spaces")
            }
        }
    }

    @Test("/ready answers 200 when the database answers")
    func ready() async throws {
        try await Self.withRouterApp { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ready"}"#)
            }
        }
    }

    @Test("/metrics counts requests by route and status")
    func metrics() async throws {
        try await Self.withRouterApp { client in
            for _ in 0..<3 { try await client.execute(uri: "/health", method: .get) { _ in } }
            try await client.execute(uri: "/no/such/route", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(text.contains(#"http_requests_total{route="/health",method="GET",status="200"} 3"#))
                #expect(text.contains(#"status="404""#))
                #expect(text.contains("http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test("unknown routes get a JSON error with a stable code")
    func notFound() async throws {
        try await Self.withRouterApp { client in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try JSONDecoder().decode([String: APIError.Payload].self, from: Data(buffer: response.body))
                #expect(body["error"]?.code == "not_found")
                #expect(body["error"]?.requestID == response.headers[RequestIDMiddleware.header])
            }
            // A caller's own id is the one the error carries.
            try await client.execute(
                uri: "/nowhere", method: .get, headers: [RequestIDMiddleware.header: "exam-room-7.43"]
            ) { response in
                let body = try JSONDecoder().decode([String: APIError.Payload].self, from: Data(buffer: response.body))
                #expect(body["error"]?.requestID == "exam-room-7.43")
            }
        }
    }

    @Test("/openapi.yaml is an OpenAPI 3 document that lists every operational path")
    func openAPIDocument() async throws {
        try await Self.withRouterApp { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let document = try #require(try Yams.load(yaml: String(buffer: response.body)) as? [String: Any])
                #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = try #require(document["paths"] as? [String: Any])
                #expect(Set(paths.keys).isSuperset(of: ["/health", "/ready", "/metrics", "/openapi.yaml"]))
            }
        }
    }
}
