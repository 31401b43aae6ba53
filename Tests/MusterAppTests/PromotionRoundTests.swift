import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

/// Promotion rounds: frozen lists, promotions recorded from them, and who may do either.
@Suite("Promotion rounds")
struct PromotionRoundTests {
    /// The default policy with rounds scored on assessments (60) and seniority (40) only, since
    /// the test roster has no exam results, and one candidate per vacancy.
    static func loadRoundPolicy(_ useCases: UseCases) async throws {
        let shipped = try #require(ShippedPolicies.files.first { $0.fileName == ShippedPolicies.defaultFile })
        let text = shipped.text.replacingOccurrences(
            of:
                "    - {part: exam, weight: 50, minimum: 60}\n    - {part: assessments, weight: 30, minimum: 60}\n    - {part: seniority, weight: 20}",
            with: "    - {part: assessments, weight: 60, minimum: 60}\n    - {part: seniority, weight: 40}"
        ).replacingOccurrences(of: "  per_vacancy: 3", with: "  per_vacancy: 1")
        #expect(text != shipped.text)
        _ = try await useCases.loadPolicy(SourceFile(fileName: "rounds.yaml", text: text), context: useCases.admin)
    }

    @Test("a round freezes the eligible, ranked; later records do not change it; promotion writes the rank history")
    func freezeAndPromote() async throws {
        try await ReadinessTests.withRecords { useCases in
            try await Self.loadRoundPolicy(useCases)
            let round = try await useCases.createRound(
                target: .next, asOf: ReadinessTests.asOf, vacancies: 1, context: useCases.hr)
            // E1 and W2 are eligible with the same records: 80 points × 60 + full seniority × 40 = 88.
            #expect(round.entries.map(\.badge) == ["E1", "W2"])
            #expect(round.entries.map(\.composite) == [88, 88])
            #expect(round.entries.map(\.targetRank) == ["superintendent-3", "superintendent-3"])
            #expect(round.entries.map(\.withinSelection) == [true, false])
            #expect(round.entries[0].parts.map(\.part) == [.assessments, .seniority])
            #expect(round.entries[0].restsOn.contains { $0.hasPrefix("police-pr issued 2025-01-10") })
            #expect(round.validUntil == CalendarDay("2028-06-14"))
            #expect(round.rules.perVacancy == 1)
            #expect(round.excluded.isEmpty)

            // A sanction recorded afterwards changes readiness, not the frozen list.
            _ = try await useCases.importRecords(
                .sanctions, ReadinessTests.file("badge,kind,start", ["W2,warning,2026-06-01"]), context: useCases.admin)
            let again = try await useCases.promotionRound(round.id, context: useCases.hr)
            #expect(again.entries == round.entries)
            #expect(try await useCases.promotionRounds(context: useCases.hr).map(\.id) == [round.id])

            let recorded = try await useCases.promote(
                badge: "E1", round: round.id, effective: CalendarDay("2026-07-01"), context: useCases.hr)
            #expect(recorded.rank == "superintendent-3")
            let officer = try await useCases.officerRecord(badge: "E1", context: useCases.hr)
            #expect(officer.officer.rank == "superintendent-3")
            #expect(officer.officer.rankSince == CalendarDay("2026-07-01"))
            let shown = try await useCases.promotionRound(round.id, context: useCases.hr)
            #expect(shown.promoted == ["E1"])
            let audit = try await useCases.database.withConnection { connection in
                try await connection.query(
                    "SELECT action, entity_id FROM audit_log WHERE action LIKE 'promotion%' ORDER BY id",
                    logger: useCases.logger
                ).collect().map { try $0.decode((String, String).self) }
            }
            #expect(audit.map(\.0) == ["promotion_round.create", "promotion.record"])
            #expect(audit.last?.1 == "E1")

            let refusals: [(String, () async throws -> Void)] = [
                (
                    "already_promoted",
                    { _ = try await useCases.promote(badge: "E1", round: round.id, context: useCases.hr) }
                ),
                ("not_on_list", { _ = try await useCases.promote(badge: "T1", round: round.id, context: useCases.hr) }),
                (
                    "invalid_date",
                    {
                        _ = try await useCases.promote(
                            badge: "W2", round: round.id, effective: CalendarDay("2026-01-01"), context: useCases.hr)
                    }
                ),
                ("round_not_found", { _ = try await useCases.promote(badge: "W2", round: 999, context: useCases.hr) }),
                (
                    "outside_selection",
                    { _ = try await useCases.promote(badge: "W2", round: round.id, context: useCases.hr) }
                ),
            ]
            for (expected, body) in refusals {
                #expect(await OfficerScopeTests.code(of: body) == expected)
            }
            // A second list drawn on the same date still has E1 as a constable: promoting them from
            // it after the first promotion took effect is refused, the rank has changed.
            let second = try await useCases.createRound(target: .next, asOf: ReadinessTests.asOf, context: useCases.hr)
            #expect(second.entries.first { $0.badge == "E1" }?.currentRank == "constable-1")
            #expect(
                await OfficerScopeTests.code {
                    _ = try await useCases.promote(
                        badge: "E1", round: second.id, effective: CalendarDay("2026-08-01"), context: useCases.hr)
                } == "rank_changed")
            // A list from 2020 was valid until 2021: nobody is promoted from it any more.
            let old = try await useCases.createRound(
                target: .next, asOf: CalendarDay("2020-01-01"), context: useCases.hr)
            #expect(old.validUntil == CalendarDay("2021-12-31"))
            #expect(
                await OfficerScopeTests.code {
                    _ = try await useCases.promote(badge: "W2", round: old.id, context: useCases.hr)
                }
                    == "round_expired")
        }
    }

    @Test("a district's HR freezes and reads its own units' rounds only; officers and trainers none")
    func scope() async throws {
        try await ReadinessTests.withRecords { useCases in
            try await Self.loadRoundPolicy(useCases)
            let callers = OfficerScopeTests.callers(useCases)
            let east = try #require(callers["east.hr"])
            #expect(
                await OfficerScopeTests.code { _ = try await useCases.createRound(target: .next, context: east) }
                    == "unit_required")
            #expect(
                await OfficerScopeTests.code {
                    _ = try await useCases.createRound(target: .next, unit: "PSB.WEST", context: east)
                } == "unit_not_found")
            let district = try await useCases.createRound(
                target: .next, asOf: ReadinessTests.asOf, unit: "PSB.EAST", context: east)
            #expect(district.entries.map(\.badge) == ["E1"])
            let force = try await useCases.createRound(target: .next, asOf: ReadinessTests.asOf, context: useCases.hr)
            #expect(try await useCases.promotionRounds(context: east).map(\.id) == [district.id])
            #expect(try await useCases.promotionRounds(context: useCases.hr).map(\.id) == [force.id, district.id])
            #expect(
                await OfficerScopeTests.code { _ = try await useCases.promotionRound(force.id, context: east) }
                    == "round_not_found")
            #expect(
                await OfficerScopeTests.code {
                    _ = try await useCases.promote(badge: "W2", round: force.id, context: east)
                }
                    == "round_not_found")
            for name in ["officer", "trainer"] {
                #expect(
                    await OfficerScopeTests.code { _ = try await useCases.promotionRounds(context: callers[name]!) }
                        == "forbidden", "\(name)")
            }
            #expect(
                await OfficerScopeTests.code {
                    _ = try await useCases.createRound(target: .next, vacancies: 0, context: useCases.hr)
                } == "invalid_vacancies")
        }
    }
}
