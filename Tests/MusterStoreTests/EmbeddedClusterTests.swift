import Foundation
import Logging
import MusterDomain
import MusterTestSupport
import Testing

@testable import MusterStore

@Suite("The embedded PostgreSQL cluster")
struct EmbeddedClusterTests {
    let logger = Logger(label: "test")

    @Test("starts from nothing, creates the muster database, stops, and starts again")
    func lifecycle() async throws {
        let scratch = try ScratchCluster()
        let cluster = scratch.cluster
        #expect(try cluster.state() == .absent)
        try await scratch.run(logger: logger) { cluster in
            #expect(try cluster.state() == .running)
            #expect(try await cluster.start(logger: logger) == false)
            let name = try await TemporaryClient.with(url: cluster.url, logger: logger) { client in
                let rows = try await client.query("SELECT current_database()")
                for try await name in rows.decode(String.self) { return name }
                return ""
            }
            #expect(name == "muster")
            #expect(try cluster.stop())
            #expect(try cluster.state() == .stopped)
            #expect(try cluster.stop() == false)
            #expect(try await cluster.start(logger: logger))
            #expect(try cluster.state() == .running)
        }
        #expect(!FileManager.default.fileExists(atPath: cluster.home.path))
    }

    @Test("a socket path too long for Unix sockets is refused before anything is created")
    func refusesLongPaths() async throws {
        let installation = try PostgresInstallation.locate(environment: [:])
        let home = URL(fileURLWithPath: "/tmp/" + String(repeating: "x", count: 100))
        let cluster = EmbeddedCluster(home: home, installation: installation, serverUser: nil)
        await #expect {
            try await cluster.start(logger: logger)
        } throws: { ($0 as? MusterError)?.code == "embedded_database_path_too_long" }
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }
}

@Suite("Embedded cluster ownership")
struct EmbeddedClusterOwnershipTests {
    @Test("a data folder owned by another user is refused with what to do")
    func foreignOwner() throws {
        let problem = try #require(
            EmbeddedCluster.ownershipProblem(
                folder: "/srv/muster/pg/data",
                owner: (1001, "alice"),
                expected: (101, "postgres")
            )
        )
        #expect(problem.code == "embedded_database_foreign_owner")
        #expect(problem.message.contains("belongs to alice, not postgres"))
        #expect(problem.message.contains("MUSTER_HOME"))
        #expect(EmbeddedCluster.ownershipProblem(folder: "/x", owner: (7, "a"), expected: (7, "a")) == nil)
    }
}
