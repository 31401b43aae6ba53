import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

/// Readiness read from the database: who may see which verdicts (decided in the use cases, per
/// role and per unit), and the verdicts and counts themselves.
@Suite("Promotion readiness from stored records")
struct ReadinessTests {
    static let asOf = CalendarDay("2026-06-15")!

    static func file(_ header: String, _ rows: [String]) -> SourceFile {
        SourceFile(fileName: "records.csv", text: ([header] + rows).joined(separator: "\n") + "\n")
    }

    /// Every officer of the scope roster (constable-1 since 2011, frontline clerks) gets what a
    /// step needs, except: W1 lacks police-pr, E2 has a warning from 2026-03-01 (blocked until
    /// 2026-08-31), T1's latest assessment is basically-competent.
    static func withRecords(_ body: @Sendable (UseCases) async throws -> Void) async throws {
        try await OfficerScopeTests.withRoster { useCases in
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
            let badges = OfficerScopeTests.everyone
            let grades = badges.flatMap { badge in
                [2023, 2024, 2025].map {
                    "\(badge),\($0),\(badge == "T1" && $0 == 2025 ? "basically-competent" : "competent")"
                }
            }
            _ = try await useCases.importRecords(
                .assessments, file("badge,year,grade", grades), context: useCases.admin)
            let certificates = badges.flatMap { badge in
                (["computer-literacy,2015-01-01", "promotion-training,2024-05-01", "practical-skills,2026-02-01"]
                    + (badge == "W1" ? [] : ["police-pr,2025-01-10"])).map { "\(badge),\($0)" }
            }
            _ = try await useCases.importRecords(
                .certificates, file("badge,certificate,issued", certificates), context: useCases.admin)
            _ = try await useCases.importRecords(
                .qualifications, file("badge,level,date", badges.map { "\($0),basic,2024-01-10" }),
                context: useCases.admin)
            _ = try await useCases.importRecords(
                .sanctions, file("badge,kind,start", ["E2,warning,2026-03-01"]), context: useCases.admin)
            try await body(useCases)
        }
    }

    @Test("verdicts, forecasts and the counts by unit and by missing requirement")
    func verdicts() async throws {
        try await Self.withRecords { useCases in
            let report = try await useCases.readiness(asOf: Self.asOf, context: useCases.hr)
            let lines = Dictionary(uniqueKeysWithValues: report.officers.map { ($0.badge, $0) })
            #expect(lines["E1"]?.verdict == .eligible)
            #expect(lines["E1"]?.targetRank == "superintendent-3")
            #expect(lines["W1"]?.unmet.map(\.rule) == ["police-pr"])
            #expect(lines["W1"]?.eligibleOn == nil)
            #expect(lines["E2"]?.unmet.map(\.rule) == ["sanction"])
            #expect(lines["E2"]?.eligibleOn == CalendarDay("2026-09-01"))
            #expect(lines["T1"]?.unmet.map(\.rule) == ["assessment"])
            #expect(report.summary.totals.officers == 5)
            #expect(report.summary.totals.eligible == 2)
            #expect(
                report.summary.byMissing.map { [$0.rule, "\($0.officers)", "\($0.onlyBlocker)"] } == [
                    ["assessment", "1", "1"], ["police-pr", "1", "1"], ["sanction", "1", "1"],
                ])
            #expect(report.summary.byUnit.first { $0.unit == "PSB.EAST.S2" }?.notEligible == 1)

            // Within 90 days: only E2, who is not eligible now and will be on 2026-09-01.
            let soon = try await useCases.readiness(asOf: Self.asOf, within: 90, context: useCases.hr)
            #expect(soon.officers.map(\.badge) == ["E2"])
            #expect(soon.summary.totals.withinWindow == 1)
            let tooSoon = try await useCases.readiness(asOf: Self.asOf, within: 60, context: useCases.hr)
            #expect(tooSoon.officers.isEmpty)
            let eligible = try await useCases.readiness(asOf: Self.asOf, verdict: .eligible, context: useCases.hr)
            #expect(eligible.officers.map(\.badge) == ["E1", "W2"])
            // The same officers a day after the warning's block ends.
            let later = try await useCases.readiness(asOf: CalendarDay("2026-09-01"), context: useCases.hr)
            #expect(later.officers.first { $0.badge == "E2" }?.verdict == .eligible)
        }
    }

    @Test("HR of a district sees its officers only; officers only themselves; trainers nothing")
    func scope() async throws {
        try await Self.withRecords { useCases in
            let callers = OfficerScopeTests.callers(useCases)
            let listed: [String: [String]?] = [
                "admin": OfficerScopeTests.everyone.sorted(), "hr": OfficerScopeTests.everyone.sorted(),
                "east.hr": ["E1", "E2"], "officer": nil, "trainer": nil,
            ]
            for (name, context) in callers {
                if let expected = listed[name] ?? nil {
                    let seen = try await useCases.readiness(asOf: Self.asOf, context: context).officers.map(\.badge)
                    #expect(seen.sorted() == expected, "\(name)")
                } else {
                    // No list at all for them: refused, not an empty list.
                    let code = await OfficerScopeTests.code {
                        _ = try await useCases.readiness(asOf: Self.asOf, context: context)
                    }
                    #expect(code == "forbidden", "\(name)")
                }
            }
            // One officer's explanation: reachable ones answer, every other badge is "not found".
            let reachable: [String: Set<String>] = [
                "admin": Set(OfficerScopeTests.everyone), "hr": Set(OfficerScopeTests.everyone),
                "east.hr": ["E1", "E2"], "officer": ["E1"], "trainer": [],
            ]
            for (name, context) in callers {
                for badge in OfficerScopeTests.everyone + ["NOPE"] {
                    let code = await OfficerScopeTests.code {
                        _ = try await useCases.explainReadiness(badge: badge, asOf: Self.asOf, context: context)
                    }
                    #expect(code == (reachable[name]!.contains(badge) ? "ok" : "officer_not_found"), "\(name) \(badge)")
                }
            }
            let mine = try await useCases.myReadiness(asOf: Self.asOf, context: callers["officer"]!)
            #expect(mine.badge == "E1")
            #expect(
                await OfficerScopeTests.code { _ = try await useCases.myReadiness(context: useCases.hr) } == "no_badge")
            // A unit filter narrows within the scope and never widens it.
            let east = try await useCases.readiness(unit: "PSB.WEST", asOf: Self.asOf, context: callers["east.hr"]!)
            #expect(east.officers.isEmpty)
        }
    }

    @Test("bad targets, dates, windows and units are refused by name")
    func refusals() async throws {
        try await Self.withRecords { useCases in
            let cases: [(String, () async throws -> Void)] = [
                (
                    "target_not_found",
                    { _ = try await useCases.readiness(target: .rank("general"), context: useCases.hr) }
                ),
                (
                    "target_not_found",
                    { _ = try await useCases.readiness(target: .post("mayor"), context: useCases.hr) }
                ),
                (
                    "invalid_date",
                    { _ = try await useCases.readiness(asOf: CalendarDay("1900-01-01"), context: useCases.hr) }
                ),
                ("invalid_window", { _ = try await useCases.readiness(within: -1, context: useCases.hr) }),
                ("unit_not_found", { _ = try await useCases.readiness(unit: "PSB.NOWHERE", context: useCases.hr) }),
                (
                    "officer_not_found",
                    { _ = try await useCases.explainReadiness(badge: "E1\u{0}", context: useCases.hr) }
                ),
            ]
            for (expected, body) in cases {
                #expect(await OfficerScopeTests.code(of: body) == expected)
            }
        }
    }

    @Test("every stored record reaches the engine with every column")
    func readBack() async throws {
        try await OfficerScopeTests.withRoster { useCases in
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
            let imports: [(RecordKind, String, [String])] = [
                (.rankChanges, "badge,rank,since", ["E1,constable-2,2008-07-01"]),
                (.postChanges, "badge,post,since", ["E1,staff-member,2019-03-04"]),
                (.assessments, "badge,year,grade", ["E1,2024,excellent", "E1,2025,incompetent"]),
                (
                    .sanctions, "badge,kind,start,end,revoked",
                    ["E1,warning,2022-02-03,2022-09-30,true", "E1,demerit,2023-04-05,,false"]
                ),
                (.merits, "badge,kind,date", ["E1,first-class-merit,2021-06-07"]),
                (
                    .qualifications, "badge,level,date,valid_until",
                    ["E1,basic,2020-08-09,2025-08-08", "E1,intermediate,2024-10-11,"]
                ),
                (
                    .certificates, "badge,certificate,issued,valid_until,revoked_on",
                    ["E1,police-pr,2023-01-10,2025-06-30,2024-02-02"]
                ),
                (.collegeTraining, "badge,rank,completed", ["E1,supervisor-3,2022-11-12"]),
            ]
            for (kind, header, rows) in imports {
                _ = try await useCases.importRecords(kind, Self.file(header, rows), context: useCases.admin)
            }
            let records = try await useCases.database.withConnection { connection in
                try await PromotionRecordRepository(logger: useCases.logger).records(
                    unit: nil, badge: "E1", within: .wholeForce, on: connection)
            }
            let record = try #require(records.first)
            #expect(records.count == 1)
            func day(_ text: String) -> CalendarDay { CalendarDay(text)! }
            #expect(record.officer.badge == "E1")
            #expect(record.officer.unit == "PSB.EAST.S1")
            #expect(record.officer.birthDate == day("1985-04-02"))
            #expect(record.officer.hireDate == day("2008-07-01"))
            #expect(record.officer.rank == "constable-1")
            #expect(record.officer.rankSince == day("2011-07-01"))
            // A post change newer than the roster's post becomes the current post.
            #expect(record.officer.post == "staff-member")
            #expect(record.officer.postSince == day("2019-03-04"))
            #expect(record.officer.dutyType == .frontline)
            #expect(record.rankHistory.contains(HistoryEntry(code: "constable-2", since: day("2008-07-01"))))
            #expect(record.postHistory.contains(HistoryEntry(code: "staff-member", since: day("2019-03-04"))))
            #expect(
                Set(record.assessments) == [
                    AnnualAssessment(year: 2024, grade: "excellent"),
                    AnnualAssessment(year: 2025, grade: "incompetent"),
                ])
            #expect(
                Set(record.sanctions) == [
                    SanctionRecord(kind: "warning", starts: day("2022-02-03"), ends: day("2022-09-30"), revoked: true),
                    SanctionRecord(kind: "demerit", starts: day("2023-04-05"), ends: nil, revoked: false),
                ])
            #expect(record.merits == [MeritAward(kind: "first-class-merit", awarded: day("2021-06-07"))])
            #expect(
                Set(record.qualifications) == [
                    QualificationRecord(level: "basic", passed: day("2020-08-09"), validUntil: day("2025-08-08")),
                    // Without a stated expiry the import gives the policy's validity, five years.
                    QualificationRecord(
                        level: "intermediate", passed: day("2024-10-11"), validUntil: day("2029-10-11")),
                ])
            #expect(
                record.certificates == [
                    HeldCertificate(
                        badge: "E1", code: "police-pr", issued: day("2023-01-10"), validUntil: day("2025-06-30"),
                        revokedOn: day("2024-02-02"))
                ])
            #expect(
                record.collegeTraining == [CollegeTrainingRecord(rank: "supervisor-3", completed: day("2022-11-12"))])
        }
    }
}
