import Foundation
import MusterDomain
import MusterFormats
import Testing

@Suite("Eligibility under both shipped policies")
struct ShippedPolicyEligibilityTests {
    static func engine(_ name: String) throws -> EligibilityEngine {
        let parsed = PolicyReader().parse(try PolicyReaderTests.shipped(name), file: "\(name).yaml")
        return EligibilityEngine(policy: try #require(parsed.policy, "\(parsed.diagnostics)"))
    }

    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static func record(
        rank: String, since: String, post: String, duty: Officer.DutyType, grades: [String], certificates: [String],
        qualification: String
    ) -> PromotionRecord {
        PromotionRecord(
            officer: Officer(
                badge: "B1", name: "Officer", sex: .female, birthDate: day("1985-04-02"), unit: "U1",
                hireDate: day("2008-09-01"), dutyType: duty, rank: rank, rankSince: day(since), post: post,
                postSince: day("2018-01-01"), education: ""),
            assessments: grades.enumerated().map { AnnualAssessment(year: 2023 + $0.offset, grade: $0.element) },
            qualifications: [QualificationRecord(level: qualification, passed: day("2024-03-01"))],
            certificates: certificates.map {
                HeldCertificate(badge: "B1", code: $0, issued: day("2025-03-01"), validUntil: nil, revokedOn: nil)
            })
    }

    @Test("the People's Police ladder: the default must-trains, and the first step needs initial training")
    func peoplesPolice() throws {
        let engine = try Self.engine("cn-peoples-police")
        let record = Self.record(
            rank: "superintendent-2", since: "2022-05-01", post: "deputy-section-chief", duty: .frontline,
            grades: ["competent", "excellent", "competent"],
            certificates: ["computer-literacy", "promotion-training", "practical-skills"], qualification: "basic")
        let verdict = engine.explain(record, target: .next, asOf: Self.day("2026-06-01"))
        #expect(verdict.targetRank == "superintendent-1")
        #expect(verdict.unmet.map(\.rule) == ["police-pr"])
        #expect(verdict.eligibleOn == nil)
        #expect(verdict.requirements.first { $0.rule == "time_in_rank" }?.metOn == Self.day("2025-05-01"))
        #expect(!verdict.requirements.contains { $0.rule == "initial-training" })

        let first = Self.record(
            rank: "constable-2", since: "2023-01-01", post: "clerk", duty: .support,
            grades: ["competent", "competent", "competent"],
            certificates: ["computer-literacy", "promotion-training", "police-pr"], qualification: "basic")
        let firstStep = engine.explain(first, target: .next, asOf: Self.day("2026-06-01"))
        #expect(firstStep.unmet.map(\.rule) == ["initial-training"])
    }

    @Test("the People's Police ladder: a selection rank goes to the board")
    func peoplesPoliceSelection() throws {
        let engine = try Self.engine("cn-peoples-police")
        var record = Self.record(
            rank: "supervisor-1", since: "2019-01-01", post: "division-chief", duty: .support,
            grades: ["excellent", "competent", "competent"],
            certificates: ["computer-literacy", "promotion-training", "police-pr"], qualification: "basic")
        record.collegeTraining = [CollegeTrainingRecord(rank: "commissioner-3", completed: Self.day("2024-10-01"))]
        let verdict = engine.explain(record, target: .next, asOf: Self.day("2026-06-01"))
        #expect(verdict.verdict == .consideration, "\(verdict.unmet.map(\.rule))")
        #expect(
            Set(verdict.requirements.map(\.rule)).isSuperset(of: [
                "board_years_in_post", "board_years_in_rank", "board_assessments", "college_training",
            ]))
    }

    @Test("the US municipal ladder: time in grade and continuing training")
    func usMunicipal() throws {
        let engine = try Self.engine("us-municipal")
        let record = Self.record(
            rank: "officer", since: "2025-01-15", post: "patrol", duty: .frontline,
            grades: ["meets", "exceeds", "meets"],
            certificates: ["continuing-training", "firearms-qualification"], qualification: "post-basic")
        let verdict = engine.explain(record, target: .next, asOf: Self.day("2026-06-01"))
        #expect(verdict.targetRank == "corporal")
        #expect(verdict.verdict == .notEligible)
        #expect(verdict.unmet.map(\.rule) == ["time_in_rank"])
        #expect(verdict.eligibleOn == Self.day("2027-01-15"))
        let sergeant = engine.explain(record, target: .rank("sergeant"), asOf: Self.day("2026-06-01"))
        #expect(sergeant.unmet.map(\.rule) == ["target"])
    }
}
