import Foundation
import MusterDomain
import MusterFormats
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp
@testable import MusterStore

/// The aggregated records readiness reads (`promotion_histories`, kept by triggers) always equal
/// what the record tables hold: after every kind of write, and when two transactions change one
/// officer's records at the same time.
@Suite("Kept promotion records")
struct PromotionHistoriesTests {
    /// Officers whose kept row differs from one computed afresh from the record tables (a
    /// missing kept row reads as empty lists).
    static func drift(_ database: Database) async throws -> Int {
        let rows = try await database.client.query(
            """
            SELECT count(*)::int FROM promotion_histories_of(ARRAY(SELECT id FROM officers)) fresh
            LEFT JOIN promotion_histories kept ON kept.officer_id = fresh.officer_id
            WHERE to_jsonb(COALESCE(kept.records, '[[], [], [], [], [], [], [], []]')) IS DISTINCT FROM to_jsonb(fresh.records)
            """)
        for try await count in rows.decode(Int.self) { return count }
        return -1
    }

    static func record(_ badge: String, _ database: Database) async throws -> PromotionRecord {
        let records = try await database.transaction { connection in
            try await PromotionRecordRepository(logger: database.logger).records(
                unit: nil, badge: badge, within: .wholeForce, on: connection)
        }
        return try #require(records.first)
    }

    static func insert(_ code: String, _ issued: String) -> PostgresQuery {
        PostgresQuery(
            unsafeSQL: """
                INSERT INTO certificates (officer_id, certificate, issued)
                SELECT id, '\(code)', DATE '\(issued)' FROM officers WHERE badge = 'P001'
                """)
    }

    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    @Test("every kind of record, written, corrected and revoked, reads back from the kept row")
    func everyKind() async throws {
        try await RecordImportTests.withRoster { useCases, database in
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
            let files: [(RecordKind, String)] = [
                (.assessments, "badge,year,grade\nP001,2023,competent\nP001,2022,excellent\nP002,2024,competent\n"),
                (
                    .sanctions,
                    "badge,kind,start,end,revoked\nP001,warning,2024-03-01,2024-08-31,\nP002,demerit,2025-01-02,,\n"
                ),
                (.merits, "badge,kind,date\nP001,first-class-merit,2022-05-04\n"),
                (.qualifications, "badge,level,date,valid_until\nP001,intermediate,2020-03-04,2023-03-04\n"),
                (
                    .certificates,
                    "badge,certificate,issued,valid_until,revoked_on\nP001,police-pr,2024-03-01,,\n"
                        + "P001,computer-literacy,2019-05-06,,2021-01-02\n"
                ),
                (.collegeTraining, "badge,rank,completed\nP001,supervisor-3,2023-09-30\n"),
                (.rankChanges, "badge,rank,since\nP001,supervisor-3,2024-07-01\n"),
                (.postChanges, "badge,post,since\nP001,staff-member,2024-07-01\n"),
                // Corrections: an update of a stored row, not an insert.
                (.sanctions, "badge,kind,start,end,revoked\nP001,warning,2024-03-01,2024-08-31,yes\n"),
            ]
            for (kind, text) in files {
                _ = try await useCases.importRecords(
                    kind, SourceFile(fileName: "\(kind.rawValue).csv", text: text), context: useCases.hr)
                #expect(try await Self.drift(database) == 0, "after importing \(kind.rawValue)")
            }
            let record = try await Self.record("P001", database)
            #expect(
                record.rankHistory == [
                    HistoryEntry(code: "constable-1", since: Self.day("2011-07-01")),
                    HistoryEntry(code: "supervisor-3", since: Self.day("2024-07-01")),
                ])
            #expect(
                record.postHistory == [
                    HistoryEntry(code: "clerk", since: Self.day("2008-07-01")),
                    HistoryEntry(code: "staff-member", since: Self.day("2024-07-01")),
                ])
            #expect(
                record.assessments == [
                    AnnualAssessment(year: 2022, grade: "excellent"), AnnualAssessment(year: 2023, grade: "competent"),
                ])
            #expect(
                record.sanctions == [
                    SanctionRecord(
                        kind: "warning", starts: Self.day("2024-03-01"), ends: Self.day("2024-08-31"), revoked: true)
                ])
            #expect(record.merits == [MeritAward(kind: "first-class-merit", awarded: Self.day("2022-05-04"))])
            #expect(
                record.qualifications == [
                    QualificationRecord(
                        level: "intermediate", passed: Self.day("2020-03-04"), validUntil: Self.day("2023-03-04"))
                ])
            #expect(
                record.certificates == [
                    HeldCertificate(
                        badge: "P001", code: "computer-literacy", issued: Self.day("2019-05-06"), validUntil: nil,
                        revokedOn: Self.day("2021-01-02")),
                    HeldCertificate(
                        badge: "P001", code: "police-pr", issued: Self.day("2024-03-01"),
                        validUntil: Self.day("2027-02-28"), revokedOn: nil),
                ])
            #expect(
                record.collegeTraining == [
                    CollegeTrainingRecord(rank: "supervisor-3", completed: Self.day("2023-09-30"))
                ])
            #expect(
                try await Self.record("P002", database).assessments == [
                    AnnualAssessment(year: 2024, grade: "competent")
                ])
        }
    }

    @Test("two transactions adding one officer's certificates at once: the kept row has both")
    func concurrentWriters() async throws {
        try await RecordImportTests.withRoster { _, database in
            try await database.client.withConnection { first in
                _ = try await first.query("BEGIN", logger: database.logger)
                _ = try await first.query(Self.insert("police-pr", "2024-01-01"), logger: database.logger)
                // Rows are rewritten at commit; here the first rewrites now and holds the row.
                _ = try await first.query(
                    "SET CONSTRAINTS promotion_histories_due_at_commit IMMEDIATE", logger: database.logger)
                let second = Task {
                    try await database.client.withConnection { second in
                        _ = try await second.query("BEGIN", logger: database.logger)
                        _ = try await second.query(
                            Self.insert("computer-literacy", "2020-01-01"), logger: database.logger)
                        _ = try await second.query("COMMIT", logger: database.logger)
                    }
                }
                // The second's commit waits for the first's lock on the kept row (a busy machine may
                // take a while to get it there), then reads the first's certificate once it commits.
                var waiting = 0
                for _ in 0..<600 where waiting == 0 {
                    try await Task.sleep(for: .milliseconds(50))
                    waiting =
                        try await database.client.query(
                            """
                            SELECT count(*)::int FROM pg_stat_activity
                            WHERE wait_event_type = 'Lock' AND datname = current_database()
                            """
                        ).collect().first?.decode(Int.self) ?? 0
                }
                #expect(waiting == 1)
                _ = try await first.query("COMMIT", logger: database.logger)
                try await second.value
            }
            #expect(try await Self.drift(database) == 0)
            #expect(
                try await Self.record("P001", database).certificates.map(\.code) == ["computer-literacy", "police-pr"])
        }
    }

    @Test("a kept row not in the expected form stops the read instead of judging on part of a record")
    func malformedRow() async throws {
        try await RecordImportTests.withRoster { _, database in
            _ = try await database.client.query(
                """
                UPDATE promotion_histories SET records = '[[["constable-1", 4200]], [], []]'
                WHERE officer_id = (SELECT id FROM officers WHERE badge = 'P001')
                """)
            await #expect(throws: MalformedPromotionHistory.self) { _ = try await Self.record("P001", database) }
            #expect(try await Self.record("P002", database).officer.badge == "P002")
        }
    }

    @Test("a transaction reads its own record changes before it commits; a rollback leaves the kept row")
    func ownChanges() async throws {
        try await RecordImportTests.withRoster { _, database in
            try await database.client.withConnection { connection in
                _ = try await connection.query("BEGIN", logger: database.logger)
                _ = try await connection.query(Self.insert("police-pr", "2024-01-01"), logger: database.logger)
                let own = try await PromotionRecordRepository(logger: database.logger).records(
                    unit: nil, badge: "P001", within: .wholeForce, on: connection)
                #expect(own.first?.certificates.map(\.code) == ["police-pr"])
                // A list reads the transaction's own rows apart from the kept ones: the changed
                // officer's come from the former, everyone else's from the latter.
                let all = try await PromotionRecordRepository(logger: database.logger).records(
                    unit: nil, badge: nil, within: .wholeForce, on: connection)
                #expect(all.first { $0.officer.badge == "P001" }?.certificates.map(\.code) == ["police-pr"])
                #expect(all.filter { $0.officer.badge != "P001" }.allSatisfy { $0.certificates.isEmpty })
                #expect(all.count > 1)
                _ = try await connection.query("ROLLBACK", logger: database.logger)
            }
            #expect(try await Self.record("P001", database).certificates.isEmpty)
            #expect(try await Self.drift(database) == 0)
        }
    }

    @Test("emptying a record table at once empties that list in every kept row")
    func truncation() async throws {
        try await RecordImportTests.withRoster { _, database in
            _ = try await database.client.query(Self.insert("police-pr", "2024-01-01"))
            #expect(try await Self.record("P001", database).certificates.map(\.code) == ["police-pr"])
            _ = try await database.client.query("TRUNCATE certificates")
            #expect(try await Self.record("P001", database).certificates.isEmpty)
            #expect(try await Self.drift(database) == 0)
        }
    }
}
