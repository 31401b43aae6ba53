import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Importing HR records")
struct RecordImportTests {

    static func withRoster(_ body: @Sendable (UseCases, Database) async throws -> Void) async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = try await RosterImportTests.prepared(database)
            _ = try await useCases.importOfficers(
                RosterImportTests.source([RosterImportTests.zhang, RosterImportTests.li]), context: useCases.admin)
            try await body(useCases, database)
        }
    }

    static func count(_ table: String, _ database: Database) async throws -> Int {
        let rows = try await database.client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))
        for try await value in rows.decode(Int.self) { return value }
        return -1
    }

    @Test("each kind imports by its natural key; re-importing the same file writes nothing")
    func idempotent() async throws {
        try await Self.withRoster { useCases, database in
            let files: [(RecordKind, String, String)] = [
                (
                    .assessments, "badge,year,grade\nP001,2023,competent\nP001,2024,excellent\nP002,2024,competent\n",
                    "assessments"
                ),
                (.sanctions, "badge,kind,start,end,revoked\nP002,warning,2024-03-01,,false\n", "sanctions"),
                (.merits, "badge,kind,date\nP001,first-class-merit,2022-05-04\n", "merits"),
                (
                    .qualifications,
                    "badge,level,date,valid_until\nP001,basic,2021-06-01,\nP002,basic,2022-06-01,2030-01-01\n",
                    "qualifications"
                ),
            ]
            for (kind, text, table) in files {
                let source = SourceFile(fileName: "\(table).csv", text: text)
                let first = try await useCases.importRecords(kind, source, context: useCases.hr)
                #expect(first.written == first.rows, "\(kind)")
                let again = try await useCases.importRecords(kind, source, context: useCases.hr)
                #expect(again.written == 0, "\(kind)")
                let stored = try await Self.count(table, database)
                #expect(stored == first.rows)
            }
            // A qualification without a date of expiry gets the policy's validity (5 years).
            let rows = try await database.client.query("SELECT valid_until::text FROM qualifications ORDER BY passed")
            var expiries: [String] = []
            for try await value in rows.decode(String.self) { expiries.append(value) }
            #expect(expiries == ["2026-06-01", "2030-01-01"])
            // A changed grade updates the stored row.
            let regrade = try await useCases.importRecords(
                .assessments, SourceFile(fileName: "a.csv", text: "badge,year,grade\nP001,2024,competent\n"),
                context: useCases.hr)
            #expect(regrade.written == 1)
            let corrections = try await useCases.auditEntries(
                AuditFilter(entityType: "assessments"), context: useCases.admin)
            #expect(corrections.map(\.entityID) == ["P001|2024"])
            #expect(corrections.first?.before == #"{"value": ["excellent"]}"#)
            #expect(corrections.first?.after == #"{"value": ["competent"]}"#)
        }
    }

    @Test("a rank change adds history and moves the current rank forward, never back")
    func rankChanges() async throws {
        try await Self.withRoster { useCases, _ in
            let promotion = SourceFile(fileName: "r.csv", text: "badge,rank,since\nP001,superintendent-3,2014-07-01\n")
            #expect(try await useCases.importRecords(.rankChanges, promotion, context: useCases.hr).written == 1)
            let backdated = SourceFile(fileName: "old.csv", text: "badge,rank,since\nP001,constable-2,2008-07-01\n")
            _ = try await useCases.importRecords(.rankChanges, backdated, context: useCases.hr)
            let record = try await useCases.officerRecord(badge: "P001", context: useCases.admin)
            #expect(record.officer.rank == "superintendent-3")
            #expect(record.rankHistory.map(\.code) == ["constable-2", "constable-1", "superintendent-3"])
        }
    }

    @Test("every problem is reported at its line and column and nothing is written")
    func validation() async throws {
        try await Self.withRoster { useCases, database in
            let sanctions = SourceFile(
                fileName: "s.csv",
                text:
                    "badge,kind,start,end\nP001,warning,2024-05-01,2024-01-01\nP001,warning,2024-13-01,\nP009,demerit,2024-01-01,\nP002,scolding,2024-01-01,\n"
            )
            await #expect {
                try await useCases.importRecords(.sanctions, sanctions, context: useCases.hr)
            } throws: { error in
                // Problems in the file and against the roster and policy come in one list, in file order.
                guard let details = (error as? MusterError)?.details, details.count == 4 else { return false }
                return details[0] == "s.csv:2:25: error: the sanction ends (2024-01-01) before it starts (2024-05-01)"
                    && details[1] == "s.csv:3:14: error: start '2024-13-01' is not a date written YYYY-MM-DD"
                    && details[2] == "s.csv:4:1: error: no officer with badge 'P009' in your scope"
                    && details[3].hasPrefix("s.csv:5:6: error: 'scolding' is not a sanctions code")
            }
            let unknown = SourceFile(
                fileName: "u.csv", text: "badge,kind,start\nP009,demerit,2024-01-01\nP002,scolding,2024-01-01\n")
            await #expect {
                try await useCases.importRecords(.sanctions, unknown, context: useCases.hr)
            } throws: { error in
                guard let details = (error as? MusterError)?.details, details.count == 2 else { return false }
                return details[0] == "u.csv:2:1: error: no officer with badge 'P009' in your scope"
                    && details[1].hasPrefix(
                        "u.csv:3:6: error: 'scolding' is not a sanctions code in policy cn-peoples-police")
            }
            let scores = SourceFile(
                fileName: "q.csv", text: "badge,quarter,score\nP001,2024Q5,90\nP001,2024Q1,\"9,5\"\n")
            await #expect { try await useCases.importRecords(.satisfaction, scores, context: useCases.hr) } throws: {
                (error: any Error) in
                (error as? MusterError)?.details == [
                    "q.csv:2:6: error: quarter '2024Q5' must be written like 2024Q3",
                    "q.csv:3:13: error: score '9,5' must be a number from 0 to 100; use a dot for decimals",
                ]
            }
            let header = SourceFile(fileName: "h.csv", text: "badge,grade\nP001,excellent\n")
            await #expect { try await useCases.importRecords(.assessments, header, context: useCases.hr) } throws: {
                (error: any Error) in
                (error as? MusterError)?.details == [
                    "h.csv:1:1: error: wrong header (missing year); expected badge,year,grade"
                ]
            }
            let written = [try await Self.count("sanctions", database), try await Self.count("assessments", database)]
            #expect(written == [0, 0])
        }
    }
}
