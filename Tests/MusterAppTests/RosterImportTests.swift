import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Importing the roster")
struct RosterImportTests {
    static let header = "badge,name,sex,birth_date,unit,hire_date,duty_type,rank,rank_since,post,post_since,education"

    static func source(_ rows: [String], name: String = "roster.csv") -> SourceFile {
        SourceFile(fileName: name, text: ([header] + rows).joined(separator: "\n") + "\n")
    }

    static func prepared(_ database: Database) async throws -> UseCases {
        let useCases = UseCases(database: database, passwordHasher: PasswordHasher(cost: 4), logger: database.logger)
        let units = UnitRepository(logger: database.logger)
        _ = try await database.transaction {
            try await units.insertMissing(try DemoBureau.units.orderedParentsFirst(), on: $0)
        }
        return useCases
    }

    static let zhang =
        "P001,张伟,male,1985-04-02,PSB.EAST.S1,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,本科"
    static let li =
        "P002,李娜,female,1990-09-12,PSB.EAST.S2,2013-08-01,frontline,constable-2,2013-08-01,clerk,2013-08-01,大专"
    static let wang =
        "P003,王强,male,1979-01-30,PSB.WEST.CID,2001-07-01,support,supervisor-3,2019-07-01,section-chief,2018-01-01,研究生"

    @Test("re-importing the same file changes nothing; a change updates the officer and keeps history")
    func idempotentAndHistory() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = try await Self.prepared(database)
            let first = try await useCases.importOfficers(
                Self.source([Self.zhang, Self.li, Self.wang]), context: useCases.admin)
            #expect((first.inserted, first.updated, first.unchanged) == (3, 0, 0))
            let again = try await useCases.importOfficers(
                Self.source([Self.zhang, Self.li, Self.wang]), context: useCases.admin)
            #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 3))

            let promoted = Self.zhang.replacingOccurrences(
                of: "constable-1,2011-07-01", with: "superintendent-3,2014-07-01")
            let change = try await useCases.importOfficers(Self.source([promoted]), context: useCases.admin)
            #expect((change.inserted, change.updated, change.unchanged) == (0, 1, 0))
            let record = try await useCases.officerRecord(badge: "P001", context: useCases.admin)
            #expect(record.officer.rank == "superintendent-3")
            #expect(record.rankHistory.map(\.code) == ["constable-1", "superintendent-3"])
            #expect(record.postHistory.map(\.code) == ["clerk"])
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "officer"), context: useCases.admin)
            #expect(audit.map(\.entityID) == ["P001"])
            #expect(audit.first?.before?.contains("constable-1") == true)
            #expect(audit.first?.after?.contains("superintendent-3") == true)
            await #expect(throws: (any Error).self) { try await database.client.query("DELETE FROM rank_history") }
        }
    }

    @Test("units form a tree: listing a sub-bureau includes its stations")
    func unitTree() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = try await Self.prepared(database)
            _ = try await useCases.importOfficers(
                Self.source([Self.zhang, Self.li, Self.wang]), context: useCases.admin)
            #expect(
                try await useCases.listOfficers(unit: "PSB.EAST", context: useCases.admin).map(\.badge) == [
                    "P001", "P002",
                ])
            #expect(try await useCases.listOfficers(unit: "PSB", context: useCases.admin).count == 3)
            #expect(
                try await useCases.listOfficers(unit: "PSB.EAST.S2", context: useCases.admin).map(\.badge) == ["P002"])
            #expect(
                try await useCases.listOfficers(rank: "supervisor-3", context: useCases.admin).map(\.badge) == ["P003"])
        }
    }

    @Test("every problem is listed as file:line:column and nothing is written")
    func validation() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = try await Self.prepared(database)
            let rows = [
                Self.zhang,
                "P001,重复,male,1985-04-02,PSB.EAST.S1,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,",
                "P004,赵六,male,2090-01-01,PSB.EAST.S1,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,",
                "P005,钱七,male,1985-02-30,PSB.EAST.S1,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,",
                "P006,孙八,male,1985-01-01,PSB.EAST.S1,2008-07-01,frontline,constable-1,2007-07-01,clerk,2008-07-01,",
            ]
            await #expect {
                try await useCases.importOfficers(Self.source(rows), context: useCases.admin)
            } throws: { error in
                (error as? MusterError)?.details == [
                    "roster.csv:3:1: error: badge P001 appears twice in the file (first on line 2)",
                    "roster.csv:4:14: error: birth_date 2090-01-01 is in the future",
                    "roster.csv:4:37: error: hire_date 2008-07-01 is before the officer's 16th birthday",
                    "roster.csv:5:14: error: birth_date '1985-02-30' is not a date written YYYY-MM-DD",
                    "roster.csv:6:70: error: rank_since 2007-07-01 is before hire_date 2008-07-01",
                ]
            }
            let unknown = [
                "P007,周九,male,1985-01-01,PSB.NOWHERE,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,",
                "P008,吴十,male,1985-01-01,PSB.EAST.S1,2008-07-01,frontline,general,2011-07-01,clerk,2008-07-01,",
            ]
            await #expect {
                try await useCases.importOfficers(Self.source(unknown), context: useCases.admin)
            } throws: { error in
                (error as? MusterError)?.details == [
                    "roster.csv:2:25: error: unknown unit 'PSB.NOWHERE'",
                    "roster.csv:3:58: error: rank 'general' is not in policy cn-peoples-police",
                ]
            }
            await #expect {
                try await useCases.importOfficers(
                    SourceFile(fileName: "x.csv", text: "badge,name\nP1,x\n"), context: useCases.admin)
            } throws: { error in
                (error as? MusterError)?.details.first?.hasPrefix(
                    "x.csv:1:1: error: wrong header (missing sex, birth_date") == true
            }
            #expect(try await useCases.listOfficers(context: useCases.admin).isEmpty)
        }
    }
}
