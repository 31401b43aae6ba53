import Foundation
import MusterDomain
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterStore

@Suite("Applying migrations")
struct MigrationRunnerTests {
    static func catalog(_ files: [String: String]) throws -> MigrationCatalog {
        try MigrationCatalog(files: files.mapValues { Data($0.utf8) })
    }

    static func count(_ sql: String, on database: Database) async throws -> Int {
        let rows = try await database.client.query(PostgresQuery(unsafeSQL: sql))
        for try await value in rows.decode(Int.self) { return value }
        return -1
    }

    @Test("the shipped migrations apply in order, then a second run applies nothing")
    func appliesShippedMigrationsOnce() async throws {
        try await TestDatabases.shared.withEmptyDatabase { database in
            let runner = try database.migrationRunner()
            let catalog = try MigrationCatalog.embedded()
            #expect(!catalog.migrations.isEmpty)
            #expect(catalog.migrations.map(\.version) == catalog.migrations.map(\.version).sorted())

            let first = try await runner.migrate()
            #expect(first.map(\.fileName) == catalog.migrations.map(\.fileName))
            let second = try await runner.migrate()
            #expect(second.isEmpty)
            let states = try await runner.status()
            #expect(states.allSatisfy { $0.state == .applied })
            #expect(
                try await Self.count("SELECT count(*) FROM schema_migrations", on: database) == catalog.migrations.count
            )
        }
    }

    @Test("the schema gate applies pending files on an owned database, refuses elsewhere, and refuses a newer one")
    func schemaGate() async throws {
        try await TestDatabases.shared.withEmptyDatabase { database in
            let catalog = try Self.catalog([
                "0001_a.sql": "CREATE TABLE a (x int);", "0002_b.sql": "CREATE TABLE b (x int);",
            ])
            let runner = MigrationRunner(catalog: catalog, client: database.client, logger: database.logger)
            await #expect { try await runner.ensureCurrent(applyingPending: false) } throws: {
                ($0 as? MusterError)?.message
                    == "The database is at migration 0, this muster needs 2: run `muster db migrate`."
            }
            try await runner.ensureCurrent(applyingPending: true)
            #expect(try await Self.count("SELECT count(*) FROM schema_migrations", on: database) == 2)
            try await runner.ensureCurrent(applyingPending: false)
            let older = MigrationRunner(
                catalog: try Self.catalog(["0001_a.sql": "CREATE TABLE a (x int);"]), client: database.client,
                logger: database.logger)
            await #expect { try await older.ensureCurrent(applyingPending: true) } throws: {
                ($0 as? MusterError)?.code == "database_newer"
            }
        }
    }

    @Test("files apply in version order whatever order they are listed in")
    func appliesInVersionOrder() async throws {
        try await TestDatabases.shared.withEmptyDatabase { database in
            let catalog = try Self.catalog([
                "0002_fill.sql": "INSERT INTO log (step) VALUES ('second');",
                "0001_create.sql": "CREATE TABLE log (id serial PRIMARY KEY, step text);",
                "0010_more.sql": "INSERT INTO log (step) VALUES ('third');",
            ])
            let runner = MigrationRunner(catalog: catalog, client: database.client, logger: database.logger)
            let applied = try await runner.migrate()
            #expect(applied.map(\.version) == [1, 2, 10])
            let rows = try await database.client.query("SELECT step FROM log ORDER BY id")
            var steps: [String] = []
            for try await step in rows.decode(String.self) { steps.append(step) }
            #expect(steps == ["second", "third"])
        }
    }

    @Test("an applied file that was edited stops the runner and is named")
    func rejectsTamperedChecksum() async throws {
        try await TestDatabases.shared.withEmptyDatabase { database in
            let original = try Self.catalog(["0001_a.sql": "CREATE TABLE a (x int);"])
            try await MigrationRunner(catalog: original, client: database.client, logger: database.logger).migrate()

            let edited = try Self.catalog([
                "0001_a.sql": "CREATE TABLE a (x bigint);",
                "0002_b.sql": "CREATE TABLE b (y int);",
            ])
            let runner = MigrationRunner(catalog: edited, client: database.client, logger: database.logger)
            await #expect {
                try await runner.migrate()
            } throws: { error in
                guard let error = error as? MusterError else { return false }
                return error.code == "migration_checksum_mismatch" && error.message.contains("0001_a.sql")
            }
            let states = try await runner.status()
            #expect(states.map(\.state) == [.modified, .pending])
            #expect(try await Self.count("SELECT count(*) FROM schema_migrations", on: database) == 1)
        }
    }

    @Test("a failing file rolls back whole and is not recorded; earlier files stay applied")
    func failingFileRollsBack() async throws {
        try await TestDatabases.shared.withEmptyDatabase { database in
            let catalog = try Self.catalog([
                "0001_ok.sql": "CREATE TABLE ok (x int);",
                "0002_bad.sql": "CREATE TABLE half (x int); INSERT INTO missing_table VALUES (1);",
            ])
            let runner = MigrationRunner(catalog: catalog, client: database.client, logger: database.logger)
            await #expect {
                try await runner.migrate()
            } throws: { error in
                guard let error = error as? MusterError else { return false }
                return error.code == "migration_failed" && error.message.contains("0002_bad.sql")
                    && error.message.contains("missing_table")
            }
            #expect(try await runner.status().map(\.state) == [.applied, .pending])
            #expect(try await Self.count("SELECT count(*) FROM pg_tables WHERE tablename = 'half'", on: database) == 0)
        }
    }

    @Test("two runners started together apply each file exactly once")
    func concurrentRunnersApplyOnce() async throws {
        let url = try await TestDatabases.shared.createDatabase(template: "template0")
        let catalog = try Self.catalog([
            "0001_hits.sql": "CREATE TABLE hits (n int);",
            "0002_hit.sql": "INSERT INTO hits VALUES (1); SELECT pg_sleep(0.2);",
            "0003_hit.sql": "INSERT INTO hits VALUES (2);",
        ])
        let logger = Logger(label: "test")
        let appliedCounts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await TemporaryClient.with(url: url, logger: logger) { client in
                        try await MigrationRunner(catalog: catalog, client: client, logger: logger).migrate().count
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(appliedCounts.reduce(0, +) == 3)
        let hits = try await TemporaryClient.with(url: url, logger: logger) { client in
            let rows = try await client.query("SELECT count(*) FROM hits")
            for try await value in rows.decode(Int.self) { return value }
            return -1
        }
        #expect(hits == 2)
        try await TestDatabases.shared.drop(url)
    }

    @Test("misnamed and duplicate migration files are refused")
    func refusesBadFileNames() {
        #expect(throws: MusterError.self) { try Self.catalog(["1_short.sql": "SELECT 1;"]) }
        #expect(throws: MusterError.self) { try Self.catalog(["0001_a.txt": "SELECT 1;"]) }
        #expect {
            try Self.catalog(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"])
        } throws: { ($0 as? MusterError)?.code == "migration_duplicate_version" }
    }
}
