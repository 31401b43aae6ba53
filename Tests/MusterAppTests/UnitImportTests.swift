import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Importing the unit tree")
struct UnitImportTests {
    static let bureau = """
        code,parent,name,name_en
        CITY,,市公安局,City Police Bureau
        CITY.NORTH,CITY,北区分局,North District
        CITY.NORTH.S1,CITY.NORTH,北区第一派出所,North Station 1
        CITY.SOUTH,CITY,南区分局,
        """

    static func file(_ text: String, name: String = "units.csv") -> SourceFile {
        SourceFile(fileName: name, text: text + "\n")
    }

    static func units(_ useCases: UseCases) async throws -> [String: MusterDomain.Unit] {
        let list = try await useCases.listUnits(context: useCases.admin)
        return Dictionary(uniqueKeysWithValues: list.map { ($0.unit.code, $0.unit) })
    }

    @Test("a bureau loads its own tree; re-importing changes nothing; every column is stored")
    func loadsAndReadsBack() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let dry = try await useCases.importUnits(Self.file(Self.bureau), dryRun: true, context: useCases.admin)
            #expect(dry.created == 4 && dry.dryRun)
            #expect(try await Self.units(useCases).isEmpty)
            let first = try await useCases.importUnits(Self.file(Self.bureau), context: useCases.admin)
            #expect((first.created, first.renamed, first.moved, first.unchanged) == (4, 0, 0, 0))
            let stored = try await Self.units(useCases)
            #expect(stored["CITY"] == Unit(code: "CITY", parentCode: nil, nameZh: "市公安局", nameEn: "City Police Bureau"))
            #expect(
                stored["CITY.NORTH.S1"]
                    == Unit(
                        code: "CITY.NORTH.S1", parentCode: "CITY.NORTH", nameZh: "北区第一派出所", nameEn: "North Station 1"))
            // name_en defaults to the name when the cell is empty.
            #expect(stored["CITY.SOUTH"]?.nameEn == "南区分局")
            let again = try await useCases.importUnits(Self.file(Self.bureau), context: useCases.admin)
            #expect((again.created, again.unchanged) == (0, 4))
            let created = try await useCases.auditEntries(AuditFilter(entityType: "unit"), context: useCases.admin)
            #expect(created.map(\.action) == Array(repeating: "unit.create", count: 4))
        }
    }

    @Test("renames and moves are audited before and after; units the file does not mention stay")
    func renamesAndMoves() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            _ = try await useCases.importUnits(Self.file(Self.bureau), context: useCases.admin)
            let change = """
                code,parent,name,name_en
                CITY.NORTH.S1,CITY.SOUTH,北区第一派出所,North Station 1
                CITY.NORTH,CITY,北城分局,North City District
                """
            let report = try await useCases.importUnits(Self.file(change, name: "move.csv"), context: useCases.admin)
            #expect((report.created, report.renamed, report.moved, report.unchanged) == (0, 1, 1, 0))
            let stored = try await Self.units(useCases)
            #expect(stored.count == 4)
            #expect(stored["CITY.NORTH.S1"]?.parentCode == "CITY.SOUTH")
            #expect(stored["CITY.NORTH"]?.nameZh == "北城分局")
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "unit"), context: useCases.admin)
                .filter { $0.action != "unit.create" }
            #expect(audit.map(\.action) == ["unit.move", "unit.rename"])
            #expect(audit[0].before?.contains(#""parentCode": "CITY.NORTH""#) == true)
            #expect(audit[0].after?.contains(#""parentCode": "CITY.SOUTH""#) == true)
            #expect(audit[1].before?.contains("北区分局") == true)
            #expect(audit[1].after?.contains("北城分局") == true)
        }
    }

    @Test("unknown parents, cycles, second roots, repeated and malformed codes: every one at its cell")
    func diagnostics() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            _ = try await useCases.importUnits(Self.file(Self.bureau), context: useCases.admin)
            let bad = """
                code,parent,name
                CITY.EAST,CITY.NOWHERE,东区
                CITY,CITY.NORTH.S1,市局
                OTHER,,另一个局
                CITY.WEST,CITY,西区
                CITY.WEST,CITY,西区
                bad code!,CITY,坏
                CITY.X,CITY,
                """
            await #expect {
                try await useCases.importUnits(Self.file(bad, name: "bad.csv"), context: useCases.admin)
            } throws: { error in
                (error as? MusterError)?.details == [
                    "bad.csv:6:1: error: unit CITY.WEST appears twice in the file (first on line 5)",
                    "bad.csv:7:1: error: unit code 'bad code!' must be 1-64 letters, digits, dots, dashes or underscores",
                    "bad.csv:8:13: error: name must have 1 to 200 characters",
                ]
            }
            let tree = """
                code,parent,name
                CITY.EAST,CITY.NOWHERE,东区
                CITY,CITY.NORTH.S1,市局
                """
            await #expect {
                try await useCases.importUnits(Self.file(tree, name: "tree.csv"), context: useCases.admin)
            } throws: { error in
                (error as? MusterError)?.details == [
                    "tree.csv:2:11: error: unknown parent unit 'CITY.NOWHERE'",
                    "tree.csv:3:6: error: unit CITY would be its own ancestor: CITY → CITY.NORTH.S1 → CITY.NORTH → CITY",
                ]
            }
            await #expect {
                try await useCases.importUnits(
                    Self.file("code,parent,name\nOTHER,,另一个局", name: "root.csv"), context: useCases.admin)
            } throws: { error in
                (error as? MusterError)?.details == [
                    "root.csv:2:7: error: unit OTHER has no parent, but CITY is already the root; name its parent"
                ]
            }
            #expect(try await Self.units(useCases).count == 4)
        }
    }

    @Test("a unit with officers cannot be removed, and a roster may use a unit the bureau loaded")
    func unitsCarryOfficers() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = try await RosterImportTests.prepared(database)
            let units = "code,parent,name\nPSB.NORTH,PSB,北区分局\nPSB.NORTH.S1,PSB.NORTH,北区一所\n"
            _ = try await useCases.importUnits(Self.file(units), context: useCases.admin)
            let row =
                "N001,北一,male,1985-04-02,PSB.NORTH.S1,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,"
            #expect(
                try await useCases.importOfficers(RosterImportTests.source([row]), context: useCases.admin).inserted
                    == 1)
            let counts = try await useCases.listUnits(context: useCases.hr)
            let north = try #require(counts.first { $0.unit.code == "PSB.NORTH" })
            #expect((north.officers, north.officersInSubtree, north.depth) == (0, 1, 1))
            await #expect(throws: (any Error).self) {
                try await database.client.query("DELETE FROM units WHERE code = 'PSB.NORTH.S1'")
            }
            #expect(try await Self.units(useCases)["PSB.NORTH.S1"] != nil)
        }
    }

    @Test("a district admin changes only units inside the district")
    func scoped() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            _ = try await useCases.importUnits(Self.file(Self.bureau), context: useCases.admin)
            let north = useCases.signedIn("north.admin", [RoleGrant(role: .admin, unitScope: "CITY.NORTH")])
            let inside = "code,parent,name\nCITY.NORTH.S2,CITY.NORTH,北区二所\nCITY.NORTH,CITY,北区分局(新)\n"
            #expect(try await useCases.importUnits(Self.file(inside), context: north).created == 1)
            let outside = "code,parent,name\nCITY.SOUTH.S1,CITY.SOUTH,南区一所\nCITY.NORTH,CITY.SOUTH,北区分局(新)\n"
            await #expect {
                try await useCases.importUnits(Self.file(outside, name: "o.csv"), context: north)
            } throws: { error in
                (error as? MusterError)?.details == [
                    "o.csv:2:1: error: unit CITY.SOUTH.S1 is outside your scope",
                    "o.csv:3:1: error: unit CITY.NORTH is outside your scope",
                ]
            }
            await #expect {
                try await useCases.importUnits(Self.file(inside), context: useCases.hr)
            } throws: { ($0 as? MusterError)?.code == "forbidden" }
        }
    }
}
