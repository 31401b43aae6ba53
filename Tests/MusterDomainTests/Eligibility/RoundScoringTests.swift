import MusterDomain
import Testing

@Suite("Promotion round scoring")
struct RoundScoringTests {
    typealias F = EligibilityFixtures

    static let rules = RoundRules(
        parts: [
            .init(kind: .exam, weight: 50, minimum: 60), .init(kind: .assessments, weight: 30),
            .init(kind: .seniority, weight: 20),
        ],
        perVacancy: 3, assessmentYears: 3, gradePoints: ["excellent": 100, "competent": 80, "basic": 40],
        seniorityFullYears: 10)

    static func candidate(_ badge: String, exam: Double?, since: String, grades: [String]) -> RoundCandidate {
        var record = F.record(since: since)
        record.officer.badge = badge
        record.assessments = grades.enumerated().map { AnnualAssessment(year: 2023 + $0.offset, grade: $0.element) }
        let verdict = F.engine.explain(record, target: .next, asOf: F.day("2026-06-15"))
        return RoundCandidate(
            verdict: verdict, record: record, examPercent: exam, examEvidence: exam.map { "exam \($0)%" })
    }

    @Test("composite by hand: weighted parts, ranked, below-minimum excluded, ties by longer service, then badge")
    func composite() {
        let candidates = [
            // exam 90; assessments (80+100+80)/3 = 86.67; seniority 5 years of 10 = 50
            // → (90×50 + 86.67×30 + 50×20) / 100 = 45 + 26 + 10 = 81.00
            Self.candidate("A", exam: 90, since: "2021-06-15", grades: ["competent", "excellent", "competent"]),
            // exam 70; assessments 80; seniority 3 years → 35 + 24 + 6 = 65.00
            Self.candidate("B", exam: 70, since: "2023-06-15", grades: ["competent", "competent", "competent"]),
            // below the exam minimum (59): excluded
            Self.candidate("C", exam: 59, since: "2020-06-15", grades: ["excellent", "excellent", "excellent"]),
            // no exam result in the window: excluded
            Self.candidate("D", exam: nil, since: "2020-06-15", grades: ["excellent", "excellent", "excellent"]),
            // the same 65.00 as B with the same service: the badge decides
            Self.candidate("AB", exam: 70, since: "2023-06-15", grades: ["competent", "competent", "competent"]),
        ]
        let ranked = RoundScoring.rank(candidates, rules: Self.rules, asOf: F.day("2026-06-15"), vacancies: 1)
        #expect(ranked.entries.map(\.badge) == ["A", "AB", "B"])
        #expect(ranked.entries.map(\.position) == [1, 2, 3])
        #expect(ranked.entries.map(\.composite) == [81.0, 65.0, 65.0])
        #expect(ranked.entries[0].parts.map(\.part) == [.exam, .assessments, .seniority])
        #expect(abs((ranked.entries[0].parts[1].score ?? 0) - 86.6667) < 0.001)
        #expect(ranked.entries.allSatisfy { $0.withinSelection })
        #expect(ranked.excluded.map(\.badge) == ["C", "D"])
        #expect(ranked.excluded[0].reason == "exam 59 is below the minimum 60")
        #expect(
            ranked.excluded[1].reason == "no final exam result in the last 3 years (the exam part needs at least 60)")
        #expect(ranked.entries[0].restsOn.contains("exam 90.0%"))
        #expect(ranked.entries[0].restsOn.contains { $0.hasPrefix("police-pr issued") })
    }

    @Test("vacancies mark the top candidates per vacancy")
    func selection() {
        let candidates = (1...5).map {
            Self.candidate("P\($0)", exam: Double(60 + $0), since: "2022-01-01", grades: ["competent"])
        }
        var rules = Self.rules
        rules.perVacancy = 2
        let ranked = RoundScoring.rank(candidates, rules: rules, asOf: F.day("2026-06-15"), vacancies: 1)
        #expect(ranked.entries.map(\.withinSelection) == [true, true, false, false, false])
        #expect(ranked.entries.first?.badge == "P5")
    }

    @Test("an equal composite goes to the longer service in rank, then the badge")
    func ties() {
        let rules = RoundRules(parts: [.init(kind: .exam, weight: 100)])
        let candidates = [
            Self.candidate("Z", exam: 80, since: "2022-01-01", grades: ["competent"]),
            Self.candidate("Y", exam: 80, since: "2019-01-01", grades: ["competent"]),
            Self.candidate("X", exam: 80, since: "2022-01-01", grades: ["competent"]),
        ]
        let ranked = RoundScoring.rank(candidates, rules: rules, asOf: F.day("2026-06-15"), vacancies: nil)
        #expect(ranked.entries.map(\.badge) == ["Y", "X", "Z"])
    }
}
