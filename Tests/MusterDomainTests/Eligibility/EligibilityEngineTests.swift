import MusterDomain
import Testing

/// One hand-worked case: a history, a target and a date, with the verdict, the forecast day and
/// the state of the rules the case is about.
struct EligibilityCase: CustomTestStringConvertible, Sendable {
    let name: String
    var record: PromotionRecord = EligibilityFixtures.record()
    var target: PromotionTarget = .next
    let asOf: String
    let verdict: EligibilityVerdict.Outcome
    let eligibleOn: String?
    /// Rule → (met on the as-of date, metOn).
    var rules: [String: (met: Bool, metOn: String?)] = [:]

    var testDescription: String { name }

    func edit(_ change: (inout PromotionRecord) -> Void) -> EligibilityCase {
        var copy = self
        change(&copy.record)
        return copy
    }
}

@Suite("Promotion eligibility, case by case")
struct EligibilityEngineTests {
    typealias F = EligibilityFixtures

    static func dropping(_ code: String) -> (inout PromotionRecord) -> Void {
        { $0.certificates.removeAll { $0.code == code } }
    }

    static let cases: [EligibilityCase] = [
        EligibilityCase(
            name: "the day before the interval is served", asOf: "2026-06-14", verdict: .notEligible,
            eligibleOn: "2026-06-15", rules: ["time_in_rank": (false, "2026-06-15"), "post_band": (true, "2026-06-14")]),
        EligibilityCase(
            name: "the day the interval is served", asOf: "2026-06-15", verdict: .eligible, eligibleOn: "2026-06-15",
            rules: ["time_in_rank": (true, "2026-06-15"), "qualification": (true, "2024-01-10")]),
        EligibilityCase(
            name: "an incompetent year does not count toward seniority", asOf: "2026-06-15", verdict: .notEligible,
            eligibleOn: "2027-06-15",
            rules: ["time_in_rank": (false, "2027-06-15"), "assessment": (true, "2026-06-15")]
        ).edit { record in
            record.assessments[0].grade = "incompetent"
            record.certificates.removeAll { $0.code == "practical-skills" }
            record.officer.dutyType = .support
        },
        EligibilityCase(
            name: "a merit shortens the interval, never below its minimum", asOf: "2024-07-01", verdict: .eligible,
            eligibleOn: "2024-07-01", rules: ["time_in_rank": (true, "2024-06-15")]
        ).edit { record in
            record.merits = [MeritAward(kind: "merit-1", awarded: F.day("2024-03-01"))]
            record.assessments = [AnnualAssessment(year: 2023, grade: "competent")]
            record.certificates = record.certificates.map {
                var c = $0; c.issued = min(c.issued, F.day("2023-07-01")); return c
            }
            record.qualifications[0].passed = F.day("2023-07-01")
        },
        EligibilityCase(
            name: "a warning blocks for six months: the last blocked day", asOf: "2026-07-09", verdict: .notEligible,
            eligibleOn: "2026-07-10", rules: ["sanction": (false, "2026-07-10"), "time_in_rank": (true, "2026-06-15")]
        ).edit { $0.sanctions = [SanctionRecord(kind: "warning", starts: F.day("2026-01-10"))] },
        EligibilityCase(
            name: "a warning blocks for six months: the first free day", asOf: "2026-07-10", verdict: .eligible,
            eligibleOn: "2026-07-10", rules: ["sanction": (true, "2026-07-10")]
        ).edit { $0.sanctions = [SanctionRecord(kind: "warning", starts: F.day("2026-01-10"))] },
        EligibilityCase(
            name: "a revoked sanction blocks nothing", asOf: "2026-06-15", verdict: .eligible, eligibleOn: "2026-06-15",
            rules: ["sanction": (true, "2026-06-15")]
        ).edit { $0.sanctions = [SanctionRecord(kind: "warning", starts: F.day("2026-05-01"), revoked: true)] },
        EligibilityCase(
            name: "a demotion restarts the interval and blocks for two years", asOf: "2026-06-15",
            verdict: .notEligible,
            eligibleOn: "2028-01-01", rules: ["time_in_rank": (false, "2028-01-01"), "sanction": (false, "2027-01-01")]
        ).edit { record in
            record.sanctions = [SanctionRecord(kind: "demotion", starts: F.day("2025-01-01"))]
            // The police-pr certificate would lapse on 2027-12-31, a day before the interval ends.
            record.certificates = record.certificates.map {
                var c = $0; if c.code == "police-pr" { c.validUntil = F.day("2028-12-31") }; return c
            }
            record.officer.dutyType = .support
            record.certificates.removeAll { $0.code == "practical-skills" }
        },
        EligibilityCase(
            name: "a certificate expiring on the as-of date still counts that day", asOf: "2026-12-31",
            verdict: .eligible, eligibleOn: "2026-12-31", rules: ["practical-skills": (true, "2026-01-05")]),
        EligibilityCase(
            name: "a certificate that expires before the interval is served: no forecast", asOf: "2026-01-10",
            verdict: .notEligible, eligibleOn: nil,
            rules: ["time_in_rank": (false, "2026-06-15"), "police-pr": (true, "2025-01-01")]
        ).edit { record in
            record.certificates = record.certificates.map {
                var c = $0; if c.code == "police-pr" { c.validUntil = F.day("2026-05-31") }; return c
            }
        },
        EligibilityCase(
            name: "the day before turning 50 the computer-literacy certificate is still needed", asOf: "2026-06-14",
            verdict: .notEligible, eligibleOn: "2026-06-15", rules: ["computer-literacy": (false, "2026-06-15")]
        ).edit { record in
            record.officer.birthDate = F.day("1976-06-15")
            record.officer.rankSince = F.day("2022-01-01")
            record.certificates.removeAll { $0.code == "computer-literacy" }
        },
        EligibilityCase(
            name: "turning 50 exempts from computer literacy", asOf: "2026-06-15", verdict: .eligible,
            eligibleOn: "2026-06-15", rules: ["computer-literacy": (true, "2026-06-15")]
        ).edit { record in
            record.officer.birthDate = F.day("1976-06-15")
            record.certificates.removeAll { $0.code == "computer-literacy" }
        },
        EligibilityCase(
            name: "the post band's ceiling blocks: no forecast", record: F.record(rank: "s1", since: "2018-01-01"),
            asOf: "2026-06-15", verdict: .notEligible, eligibleOn: nil,
            rules: ["post_band": (false, nil), "time_in_rank": (true, "2022-01-01")]),
        EligibilityCase(
            name: "a failed review: no forecast", asOf: "2026-06-15", verdict: .notEligible, eligibleOn: nil,
            rules: ["assessment": (false, nil)]
        ).edit { $0.assessments[2].grade = "basic" },
        EligibilityCase(
            name: "no assessment on record", asOf: "2026-06-15", verdict: .notEligible, eligibleOn: nil,
            rules: ["assessment": (false, nil)]
        ).edit { $0.assessments = [] },
        EligibilityCase(
            name: "a qualification expiring before the interval is served", asOf: "2026-03-01", verdict: .notEligible,
            eligibleOn: nil, rules: ["qualification": (true, "2021-05-01"), "time_in_rank": (false, "2026-06-15")]
        ).edit { $0.qualifications = [QualificationRecord(level: "basic", passed: F.day("2021-05-01"))] },
        EligibilityCase(
            name: "promotion training taken before reaching the rank does not count", asOf: "2026-06-15",
            verdict: .notEligible, eligibleOn: nil, rules: ["promotion-training": (false, nil)]
        ).edit { record in
            record.certificates = record.certificates.map {
                var c = $0; if c.code == "promotion-training" { c.issued = F.day("2023-01-01") }; return c
            }
        },
        EligibilityCase(
            name: "initial training is needed for the first step", record: F.record(rank: "c2"), asOf: "2026-06-15",
            verdict: .notEligible, eligibleOn: nil, rules: ["initial-training": (false, nil)]
        ).edit(dropping("initial-training")),
        EligibilityCase(
            name: "initial training is not needed after the first step", asOf: "2026-06-15", verdict: .eligible,
            eligibleOn: "2026-06-15"
        ).edit(dropping("initial-training")),
        EligibilityCase(
            name: "a frontline officer needs the practical-skills certificate", asOf: "2026-06-15",
            verdict: .notEligible,
            eligibleOn: nil, rules: ["practical-skills": (false, nil)]
        ).edit(dropping("practical-skills")),
        EligibilityCase(
            name: "a support officer does not", asOf: "2026-06-15", verdict: .eligible, eligibleOn: "2026-06-15"
        ).edit { record in
            record.officer.dutyType = .support
            record.certificates.removeAll { $0.code == "practical-skills" }
        },
        EligibilityCase(
            name: "a tier boundary needs police-college training",
            record: F.record(rank: "s1", since: "2021-01-01", post: "staff"), asOf: "2026-06-15", verdict: .notEligible,
            eligibleOn: nil, rules: ["college_training": (false, nil), "time_in_rank": (true, "2025-01-01")]),
        EligibilityCase(
            name: "with college training the tier boundary is crossed",
            record: F.record(rank: "s1", since: "2021-01-01", post: "staff"), asOf: "2026-06-15", verdict: .eligible,
            eligibleOn: "2026-06-15", rules: ["college_training": (true, "2024-09-01")]
        ).edit { $0.collegeTraining = [CollegeTrainingRecord(rank: "v3", completed: F.day("2024-09-01"))] },
        EligibilityCase(
            name: "a higher qualification is needed from a rank on",
            record: F.record(rank: "v3", since: "2020-01-01", post: "staff"), asOf: "2026-06-15", verdict: .notEligible,
            eligibleOn: nil, rules: ["qualification": (false, nil), "post_band": (false, nil)]),
        EligibilityCase(
            name: "a selection rank gives consideration when the board's criteria hold",
            record: F.record(rank: "v1", since: "2020-01-01", post: "chief", postSince: "2023-01-01"),
            asOf: "2026-06-15", verdict: .consideration, eligibleOn: "2026-06-15",
            rules: ["board_years_in_post": (true, "2025-01-01"), "board_assessments": (true, "2026-06-15")]
        ).edit { record in
            record.collegeTraining = [CollegeTrainingRecord(rank: "m3", completed: F.day("2025-01-01"))]
            record.qualifications.append(QualificationRecord(level: "intermediate", passed: F.day("2024-01-01")))
        },
        EligibilityCase(
            name: "the board's years in post are forecast",
            record: F.record(rank: "v1", since: "2020-01-01", post: "chief", postSince: "2025-03-01"),
            asOf: "2026-06-15", verdict: .notEligible, eligibleOn: "2027-03-01",
            rules: ["board_years_in_post": (false, "2027-03-01")]
        ).edit { record in
            record.collegeTraining = [CollegeTrainingRecord(rank: "m3", completed: F.day("2025-01-01"))]
            record.qualifications.append(QualificationRecord(level: "intermediate", passed: F.day("2024-01-01")))
            record.officer.dutyType = .support
        },
        EligibilityCase(
            name: "the board needs one excellent year",
            record: F.record(rank: "v1", since: "2020-01-01", post: "chief", postSince: "2023-01-01"),
            asOf: "2026-06-15", verdict: .notEligible, eligibleOn: nil, rules: ["board_assessments": (false, nil)]
        ).edit { record in
            record.assessments[1].grade = "competent"
            record.collegeTraining = [CollegeTrainingRecord(rank: "m3", completed: F.day("2025-01-01"))]
        },
        EligibilityCase(
            name: "an appointment rank is never eligible",
            record: F.record(rank: "m2", since: "2015-01-01", post: "bureau"), asOf: "2026-06-15",
            verdict: .notEligible, eligibleOn: nil, rules: ["appointment": (false, nil)]),
        EligibilityCase(
            name: "a named rank two steps up is refused", target: .rank("s2"), asOf: "2026-06-15",
            verdict: .notEligible, eligibleOn: nil, rules: ["target": (false, nil)]),
        EligibilityCase(
            name: "a named rank one step up is the next rank", target: .rank("s3"), asOf: "2026-06-15",
            verdict: .eligible, eligibleOn: "2026-06-15"),
        EligibilityCase(
            name: "a new post raises the rank to its floor without an interval", target: .post("staff"),
            asOf: "2026-01-10", verdict: .eligible, eligibleOn: "2026-01-10", rules: ["post_band": (true, "2026-01-10")]
        ),
        EligibilityCase(
            name: "a new post whose band is below the rank is refused", record: F.record(rank: "v2", post: "chief"),
            target: .post("clerk"), asOf: "2026-06-15", verdict: .notEligible, eligibleOn: nil,
            rules: ["target": (false, nil)]),
        EligibilityCase(
            name: "a new post more than one rank step above is refused", record: F.record(rank: "c2"),
            target: .post("staff"), asOf: "2026-06-15", verdict: .notEligible, eligibleOn: nil,
            rules: ["target": (false, nil)]),
        EligibilityCase(
            name: "a new post whose band is not above the current post's is refused",
            record: F.record(rank: "s3", post: "staff"), target: .post("clerk"), asOf: "2026-06-15",
            verdict: .notEligible, eligibleOn: nil, rules: ["target": (false, nil)]),
    ]

    @Test("each hand-worked case", arguments: cases)
    func handWorked(_ testCase: EligibilityCase) {
        let verdict = F.engine.explain(testCase.record, target: testCase.target, asOf: F.day(testCase.asOf))
        #expect(verdict.verdict == testCase.verdict, "\(verdict.unmet.map(\.rule))")
        #expect(verdict.eligibleOn?.description == testCase.eligibleOn)
        for (rule, expected) in testCase.rules {
            let requirement = verdict.requirements.first { $0.rule == rule }
            #expect(requirement?.met == expected.met, "\(rule)")
            #expect(
                requirement?.metOn?.description == expected.metOn,
                "\(rule): \(requirement?.explanation.text(in: "en") ?? "absent")")
        }
        // A list's lean verdict (no text, a shorter forecast) decides and dates exactly the same.
        let lean = F.engine.explain(
            testCase.record, target: testCase.target, asOf: F.day(testCase.asOf), explaining: false)
        #expect(lean.verdict == verdict.verdict)
        #expect(lean.eligibleOn == verdict.eligibleOn)
        #expect(lean.requirements.map(\.rule) == verdict.requirements.map(\.rule))
        #expect(lean.requirements.map(\.met) == verdict.requirements.map(\.met))
        #expect(lean.requirements.map(\.metOn) == verdict.requirements.map(\.metOn))
        #expect(lean.requirements.allSatisfy { $0.evidence.isEmpty })
        if let eligibleOn = verdict.eligibleOn {
            // The forecast day itself must be eligible when evaluated as the as-of date.
            let then = F.engine.explain(testCase.record, target: testCase.target, asOf: eligibleOn)
            #expect(then.verdict != .notEligible, "\(then.unmet.map(\.rule))")
        }
    }
}
