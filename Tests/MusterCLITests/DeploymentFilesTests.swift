import Foundation
import Testing
import Yams

/// The repository's root folder, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Deployment files")
struct DeploymentFilesTests {
    @Test("docker-compose.yml wires a healthy PostgreSQL into the Muster service")
    func composeFile() throws {
        let text = try String(contentsOf: repositoryRoot.appending(path: "docker-compose.yml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let services = try #require(document["services"] as? [String: Any])
        #expect(Set(services.keys) == ["postgres", "muster"])

        let postgres = try #require(services["postgres"] as? [String: Any])
        let image = try #require(postgres["image"] as? String)
        let majorVersion = try #require(Int(image.split(separator: ":").last?.split(separator: ".").first ?? ""))
        #expect(image.hasPrefix("postgres:") && majorVersion >= 15)
        let healthcheck = try #require(postgres["healthcheck"] as? [String: Any])
        #expect((healthcheck["test"] as? [String])?.joined(separator: " ").contains("pg_isready") == true)
        let volumes = try #require(postgres["volumes"] as? [String])
        let volumeName = try #require(volumes.first?.split(separator: ":").first.map(String.init))
        #expect((document["volumes"] as? [String: Any])?.keys.contains(volumeName) == true)

        let muster = try #require(services["muster"] as? [String: Any])
        #expect(muster["build"] as? String == ".")
        let dependsOn = try #require(muster["depends_on"] as? [String: [String: String]])
        #expect(dependsOn["postgres"]?["condition"] == "service_healthy")
        let environment = try #require(muster["environment"] as? [String: Any])
        let databaseURL = try #require(environment["DATABASE_URL"] as? String)
        #expect(databaseURL.hasPrefix("postgres://"))
        #expect(databaseURL.contains("@postgres:5432/"))
        let command = try #require(muster["command"] as? [String])
        #expect(command.first == "serve" && command.contains("--migrate"))
    }

    @Test("the Dockerfile builds muster in release mode from the official Swift image")
    func dockerfile() throws {
        let text = try String(contentsOf: repositoryRoot.appending(path: "Dockerfile"), encoding: .utf8)
        #expect(text.contains("FROM swift:"))
        #expect(text.contains("swift build -c release --product muster"))
        #expect(text.contains("COPY Migrations"))
    }
}
