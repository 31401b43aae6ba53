import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

/// Every record kind imports real values and every stored column reads back as written: no
/// column may be dropped or defaulted silently.
@Suite("HR records read back column by column")
struct RecordReadBackTests {
    /// Every row of `sql` as text cells (`NULL` for null), in the query's order.
    static func rows(_ sql: String, _ database: Database) async throws -> [[String]] {
        let result = try await database.client.query(PostgresQuery(unsafeSQL: sql))
        var rows: [[String]] = []
        for try await row in result {
            rows.append(try row.map { cell in try cell.decode(String?.self) ?? "NULL" })
        }
        return rows
    }

    /// Expects `sql` to read back exactly `expected`.
    static func expectRows(
        _ sql: String, _ database: Database, _ expected: [[String]],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let stored = try await rows(sql, database)
        #expect(stored == expected, sourceLocation: sourceLocation)
    }

    static func importing(_ kind: RecordKind, _ text: String, _ useCases: UseCases) async throws -> Int {
        try await useCases.importRecords(
            kind, SourceFile(fileName: "\(kind.rawValue).csv", text: text), context: useCases.hr
        )
        .written
    }

    @Test("assessments, quality assessments, sanctions, merits and qualifications")
    func datedRecords() async throws {
        try await RecordImportTests.withRoster { useCases, database in
            #expect(
                try await Self.importing(
                    .assessments, "badge,year,grade\nP001,2023,excellent\nP002,2024,basically-competent\n", useCases)
                    == 2)
            try await Self.expectRows(
                "SELECT o.badge, t.year::text, t.grade FROM assessments t JOIN officers o ON o.id = t.officer_id ORDER BY 1, 2",
                database, [["P001", "2023", "excellent"], ["P002", "2024", "basically-competent"]])

            #expect(
                try await Self.importing(.qualityAssessments, "badge,year,grade\nP002,2022,below-standard\n", useCases)
                    == 1)
            try await Self.expectRows(
                "SELECT o.badge, t.year::text, t.grade FROM quality_assessments t JOIN officers o ON o.id = t.officer_id",
                database, [["P002", "2022", "below-standard"]])

            let sanctions =
                "badge,kind,start,end,revoked\nP001,demerit,2023-02-03,2024-02-02,yes\nP002,warning,2024-05-06,,\n"
            #expect(try await Self.importing(.sanctions, sanctions, useCases) == 2)
            try await Self.expectRows(
                """
                SELECT o.badge, t.kind, t.starts::text, t.ends::text, t.revoked::text
                FROM sanctions t JOIN officers o ON o.id = t.officer_id ORDER BY 1
                """, database,
                [
                    ["P001", "demerit", "2023-02-03", "2024-02-02", "true"],
                    ["P002", "warning", "2024-05-06", "NULL", "false"],
                ])

            #expect(try await Self.importing(.merits, "badge,kind,date\nP002,model-worker,2021-11-12\n", useCases) == 1)
            try await Self.expectRows(
                "SELECT o.badge, t.kind, t.awarded::text FROM merits t JOIN officers o ON o.id = t.officer_id",
                database, [["P002", "model-worker", "2021-11-12"]])

            let qualifications =
                "badge,level,date,valid_until\nP001,intermediate,2020-03-04,2023-03-04\nP002,advanced,2022-08-09,\n"
            #expect(try await Self.importing(.qualifications, qualifications, useCases) == 2)
            try await Self.expectRows(
                """
                SELECT o.badge, t.level, t.passed::text, t.valid_until::text
                FROM qualifications t JOIN officers o ON o.id = t.officer_id ORDER BY 1
                """, database,
                [
                    ["P001", "intermediate", "2020-03-04", "2023-03-04"],
                    ["P002", "advanced", "2022-08-09", "2027-08-09"],
                ])
        }
    }

    @Test("satisfaction scores keep their value, for several officers in one quarter")
    func satisfaction() async throws {
        try await RecordImportTests.withRoster { useCases, database in
            let text = "badge,quarter,score\nP001,2025Q3,87.5\nP002,2025Q3,91.25\nP001,2025q2,100\n"
            #expect(try await Self.importing(.satisfaction, text, useCases) == 3)
            try await Self.expectRows(
                """
                SELECT o.badge, t.quarter, t.score::text
                FROM satisfaction_scores t JOIN officers o ON o.id = t.officer_id ORDER BY 1, 2
                """, database, [["P001", "2025Q2", "100"], ["P001", "2025Q3", "87.5"], ["P002", "2025Q3", "91.25"]])
            // A corrected score replaces the stored one and is audited before and after.
            #expect(try await Self.importing(.satisfaction, "badge,quarter,score\nP001,2025Q3,88\n", useCases) == 1)
            let correction = try #require(
                try await useCases.auditEntries(AuditFilter(entityType: "satisfaction"), context: useCases.admin).first)
            #expect(correction.before == #"{"value": ["87.5"]}"#)
            #expect(correction.after == #"{"value": ["88.0"]}"#)
            #expect(try await Self.importing(.satisfaction, "badge,quarter,score\nP001,2025Q3,88\n", useCases) == 0)
        }
    }

    @Test("rank and post changes are kept in history and move the current rank and post")
    func historyChanges() async throws {
        try await RecordImportTests.withRoster { useCases, database in
            #expect(
                try await Self.importing(.rankChanges, "badge,rank,since\nP002,constable-1,2016-08-01\n", useCases) == 1
            )
            #expect(
                try await Self.importing(.postChanges, "badge,post,since\nP002,staff-member,2017-01-02\n", useCases)
                    == 1)
            try await Self.expectRows(
                """
                SELECT o.badge, h.rank_code, h.since::text FROM rank_history h JOIN officers o ON o.id = h.officer_id
                WHERE o.badge = 'P002' ORDER BY h.since
                """, database, [["P002", "constable-2", "2013-08-01"], ["P002", "constable-1", "2016-08-01"]])
            try await Self.expectRows(
                """
                SELECT o.badge, h.post_code, h.since::text FROM post_history h JOIN officers o ON o.id = h.officer_id
                WHERE o.badge = 'P002' ORDER BY h.since
                """, database, [["P002", "clerk", "2013-08-01"], ["P002", "staff-member", "2017-01-02"]])
            try await Self.expectRows(
                "SELECT rank_code, rank_since::text, post_code, post_since::text FROM officers WHERE badge = 'P002'",
                database, [["constable-1", "2016-08-01", "staff-member", "2017-01-02"]])
        }
    }

    @Test("a dry run counts exactly what the real import writes, and writes nothing")
    func dryRunCounts() async throws {
        try await RecordImportTests.withRoster { useCases, database in
            let file = SourceFile(fileName: "s.csv", text: "badge,quarter,score\nP001,2025Q3,87.5\nP002,2025Q3,90\n")
            let dry = try await useCases.importRecords(.satisfaction, file, dryRun: true, context: useCases.hr)
            #expect((dry.written, dry.dryRun) == (2, true))
            try await Self.expectRows("SELECT count(*)::text FROM satisfaction_scores", database, [["0"]])
            let real = try await useCases.importRecords(.satisfaction, file, context: useCases.hr)
            #expect(real.written == 2)
            let again = try await useCases.importRecords(.satisfaction, file, dryRun: true, context: useCases.hr)
            #expect(again.written == 0)
        }
    }

    @Test("problems in the file and against the roster are reported together, in file order")
    func oneListOfProblems() async throws {
        try await RecordImportTests.withRoster { useCases, _ in
            let file = SourceFile(fileName: "m.csv", text: "badge,quarter,score\nP999,2025Q3,70\nP001,2025Q9,80\n")
            await #expect { try await useCases.importRecords(.satisfaction, file, context: useCases.hr) } throws: {
                ($0 as? MusterError)?.details == [
                    "m.csv:2:1: error: no officer with badge 'P999' in your scope",
                    "m.csv:3:6: error: quarter '2025Q9' must be written like 2024Q3",
                ]
            }
            let unknownUnit = await OfficerScopeTests.code {
                _ = try await useCases.listOfficers(unit: "PSB.NOWHERE", context: useCases.admin)
            }
            #expect(unknownUnit == "unit_not_found")
            let unknownRank = await OfficerScopeTests.code {
                _ = try await useCases.listOfficers(rank: "general", context: useCases.admin)
            }
            #expect(unknownRank == "unknown_rank")
        }
    }

    @Test("certificates: a track's code, expiry from the track unless given, revocation kept as a record")
    func certificates() async throws {
        try await RecordImportTests.withRoster { useCases, database in
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
            let text = """
                badge,certificate,issued,valid_until,revoked_on
                P001,police-pr,2024-03-01,,
                P001,computer-literacy,2019-05-06,,
                P002,practical-skills,2025-04-01,,
                P002,police-pr,2023-01-10,2025-06-30,2024-02-02
                """
            #expect(try await Self.importing(.certificates, text, useCases) == 4)
            try await Self.expectRows(
                """
                SELECT o.badge, t.certificate, t.issued::text, t.valid_until::text, t.revoked_on::text, t.source
                FROM certificates t JOIN officers o ON o.id = t.officer_id ORDER BY 1, 3
                """, database,
                [
                    ["P001", "computer-literacy", "2019-05-06", "NULL", "NULL", "import"],
                    ["P001", "police-pr", "2024-03-01", "2027-02-28", "NULL", "import"],
                    ["P002", "police-pr", "2023-01-10", "2025-06-30", "2024-02-02", "import"],
                    ["P002", "practical-skills", "2025-04-01", "2025-12-31", "NULL", "import"],
                ])
            #expect(try await Self.importing(.certificates, text, useCases) == 0)
            // A file that does not mention a revocation never lifts it.
            let again = "badge,certificate,issued,valid_until\nP002,police-pr,2023-01-10,2025-06-30\n"
            #expect(try await Self.importing(.certificates, again, useCases) == 0)
            try await Self.expectRows(
                "SELECT revoked_on::text FROM certificates WHERE certificate = 'police-pr' AND issued = '2023-01-10'",
                database, [["2024-02-02"]])
            let unknown = SourceFile(fileName: "c.csv", text: "badge,certificate,issued\nP001,diving,2024-01-01\n")
            await #expect { try await useCases.importRecords(.certificates, unknown, context: useCases.hr) } throws: {
                ($0 as? MusterError)?.details.first?.hasPrefix(
                    "c.csv:2:6: error: 'diving' is not the certificate of a track in force") == true
            }
        }
    }

    @Test("police-college training is recorded for the ranks whose tier needs it")
    func collegeTraining() async throws {
        try await RecordImportTests.withRoster { useCases, database in
            #expect(
                try await Self.importing(
                    .collegeTraining, "badge,rank,completed\nP001,supervisor-3,2023-09-30\n", useCases) == 1)
            try await Self.expectRows(
                """
                SELECT o.badge, t.rank_code, t.completed::text FROM college_training t
                JOIN officers o ON o.id = t.officer_id
                """, database, [["P001", "supervisor-3", "2023-09-30"]])
            let wrong = SourceFile(fileName: "t.csv", text: "badge,rank,completed\nP001,constable-1,2023-09-30\n")
            await #expect { try await useCases.importRecords(.collegeTraining, wrong, context: useCases.hr) } throws: {
                ($0 as? MusterError)?.details.first?.hasPrefix(
                    "t.csv:2:6: error: 'constable-1' is not a college-training code") == true
            }
        }
    }
}
