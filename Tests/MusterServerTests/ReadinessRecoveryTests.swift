import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MusterApp
import MusterStore
import MusterTestSupport
import Prometheus
import Testing

@testable import MusterServer

@Suite("Readiness follows the database")
struct ReadinessRecoveryTests {
    @Test("/ready turns 503 while the database is stopped and 200 when it is back, without a restart")
    func readyFollowsDatabase() async throws {
        let logger = {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return logger
        }()
        let scratch = try ScratchCluster()
        try await scratch.run(logger: logger) { cluster in
            let database = try Database(url: cluster.url, logger: logger)
            let useCases = UseCases(database: database, logger: logger)
            let app = Application(
                router: buildRouter(useCases: useCases, metrics: PrometheusCollectorRegistry()),
                services: [database.client]
            )
            try await app.test(.live) { client in
                try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }

                try cluster.stop()
                try await client.execute(uri: "/ready", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let body = try JSONDecoder().decode(
                        [String: APIError.Payload].self, from: Data(buffer: response.body))
                    #expect(body["error"]?.code == "database_unavailable")
                }
                try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }

                try await cluster.start(logger: logger)
                var status = HTTPResponse.Status.serviceUnavailable
                for _ in 0..<20 where status != .ok {
                    status = try await client.execute(uri: "/ready", method: .get) { $0.status }
                    if status != .ok { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(status == .ok)
            }
        }
    }
}
