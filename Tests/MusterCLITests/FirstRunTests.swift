import Foundation
import MusterStore
import MusterTestSupport
import Testing

/// The first commands a newcomer types, on a fresh home and on a database someone else runs.
@Suite("First commands on a fresh home")
struct FirstRunTests {
    @Test("on Muster's own cluster, a first import applies the migrations itself; then units load and list")
    func freshHome() throws {
        // Short folder names: the Unix socket path must stay under 104 bytes.
        let home = "/tmp/mfr-\(UUID().uuidString.prefix(8))"
        defer {
            _ = try? CommandLineTool.run(["db", "stop", "--home", home])
            try? FileManager.default.removeItem(atPath: home)
        }
        let bank = repositoryRoot.appending(path: "QuestionBanks/computer-literacy.yaml").path
        let imported = try CommandLineTool.run(["banks", "import", bank, "--home", home])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("imported as version 1"))
        #expect(!imported.standardError.contains("SQL state"))

        let folder = try BanksCommandTests.write(
            "code,parent,name,name_en\nCITY,,市公安局,City Bureau\nCITY.N,CITY,北区分局,North\n", name: "units.csv")
        let units = try CommandLineTool.run(["units", "import", folder.path, "--home", home])
        #expect(units.status == 0, "\(units.standardError)")
        #expect(units.standardOutput.contains("2 new, 0 renamed, 0 moved, 0 unchanged"))
        let table = try CommandLineTool.run(["units", "list", "--home", home])
        // The tree indents sub-units; Chinese names take two columns a character.
        #expect(
            table.standardOutput.split(separator: "\n") == [
                "UNIT      NAME      OFFICERS  WITH SUB-UNITS",
                "CITY      市公安局  0         0",
                "  CITY.N  北区分局  0         0",
            ])
        let json = try CommandLineTool.run(["units", "list", "--home", home, "--format", "json"])
        let list = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        #expect(list?.map { $0["code"] as? String } == ["CITY", "CITY.N"])
        #expect(list?.last?["nameEn"] as? String == "North")
        // The shipped tracks load from the binary, wherever muster runs.
        let track = repositoryRoot.appending(path: "Tracks/practical-skills.yaml").path
        let loaded = try CommandLineTool.run(["tracks", "load", track, "--home", home])
        #expect(
            loaded.standardOutput.contains(
                "track practical-skills: 5 modules, 120 hours, certificate practical-skills; loaded as version 1"))
        let tracks = try CommandLineTool.run(["tracks", "list", "--home", home])
        #expect(tracks.standardOutput.contains("frontline"))
        #expect(tracks.standardOutput.contains("valid to the end of the year"))
        let csv = try CommandLineTool.run(["units", "list", "--home", home, "--format", "csv"])
        #expect(csv.standardOutput.contains("CITY.N,CITY,北区分局,North,0,0"))
        // Readiness and promotion rounds on an empty roster: a hint, not an empty table; errors in one line.
        let readiness = try CommandLineTool.run(["readiness", "--home", home, "--language", "en"])
        #expect(readiness.status == 0, "\(readiness.standardError)")
        #expect(readiness.standardOutput.contains("No officers in scope. Import the roster first"))
        let explain = try CommandLineTool.run(["readiness", "explain", "P1", "--home", home])
        #expect(explain.status != 0)
        #expect(explain.standardError.contains("There is no officer with badge 'P1'."))
        #expect(!explain.standardError.contains("SQL"))
        let rounds = try CommandLineTool.run(["promotions", "rounds", "--home", home])
        #expect(rounds.standardOutput.contains("No promotion rounds yet"))
        let bad = try CommandLineTool.run(["readiness", "--home", home, "--as-of", "2025-02-30"])
        #expect(bad.status != 0)
        #expect(bad.standardError.contains("--as-of must be a real date written YYYY-MM-DD (2025-02-30 is not)."))
    }

    @Test("on a DATABASE_URL database behind this build, commands refuse in one line that says what to run")
    func databaseBehind() async throws {
        let database = try await TestDatabases.shared.createDatabase(template: "template0")
        let environment = ["DATABASE_URL": database.urlString]
        let needed = try MigrationCatalog.embedded().migrations.map(\.version).max() ?? 0
        let refused = try CommandLineTool.run(["banks", "list"], environment: environment)
        #expect(refused.status != 0)
        let lines = BadConfigurationTests.lines(refused.standardError)
        #expect(
            lines == ["Error: The database is at migration 0, this muster needs \(needed): run `muster db migrate`."])
        let migrated = try CommandLineTool.run(["db", "migrate"], environment: environment)
        #expect(migrated.status == 0, "\(migrated.standardError)")
        let listed = try CommandLineTool.run(["banks", "list", "--format", "json"], environment: environment)
        #expect(listed.status == 0, "\(listed.standardError)")
        try await TestDatabases.shared.drop(database)
    }
}
