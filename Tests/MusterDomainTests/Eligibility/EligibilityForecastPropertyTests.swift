import MusterDomain
import Testing

/// The forecast checked against its definition on many generated histories: the day it names
/// is the first on which every requirement holds, and a list's lean verdict agrees with the
/// explained one.
@Suite("Eligibility forecasts on generated histories")
struct EligibilityForecastPropertyTests {
    typealias F = EligibilityFixtures
    static let asOf = F.day("2026-06-15")

    /// A random history with every record dated on or before the as-of date.
    static func history(_ random: inout SeededGenerator) -> (PromotionRecord, PromotionTarget) {
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func day(from: String, span: Int) -> CalendarDay {
            min(asOf, F.day(from).addingDays(Int(random.next() % UInt64(span))))
        }
        let rank = pick(["c2", "c1", "s3", "s2", "s1", "v3", "v2", "v1"])
        var record = F.record(
            rank: rank, since: day(from: "2016-01-01", span: 3800).description,
            post: pick(["clerk", "staff", "chief"]),
            postSince: day(from: "2016-01-01", span: 3800).description,
            born: day(from: "1970-01-01", span: 12000).description, duty: pick([.frontline, .support]))
        record.certificates = record.certificates.compactMap { [record] certificate in
            guard random.next() % 12 != 0 else { return nil }
            var certificate = certificate
            certificate.issued = day(from: "2016-01-01", span: 3800)
            // Promotion training mostly taken since reaching the rank, as it must be to count.
            if certificate.code == "promotion-training", random.next() % 4 != 0 {
                certificate.issued = min(Self.asOf, max(certificate.issued, record.officer.rankSince))
            }
            certificate.validUntil =
                random.next() % 3 != 0 ? nil : certificate.issued.addingDays(Int(200 + random.next() % 2500))
            return certificate
        }
        record.assessments = (2021...2025).compactMap { year in
            random.next() % 10 == 0
                ? nil
                : AnnualAssessment(
                    year: year,
                    grade: pick([
                        "excellent", "competent", "competent", "competent", "competent", "basic", "incompetent",
                    ]))
        }
        if random.next() % 3 == 0 {
            record.sanctions = [
                SanctionRecord(kind: pick(["warning", "demotion"]), starts: day(from: "2023-01-01", span: 1200))
            ]
        }
        if random.next() % 4 == 0 {
            record.merits = [MeritAward(kind: "merit-1", awarded: day(from: "2020-01-01", span: 2300))]
        }
        record.qualifications = [
            QualificationRecord(level: pick(["basic", "intermediate"]), passed: day(from: "2022-01-01", span: 1600))
        ]
        if random.next() % 2 == 0 {
            record.collegeTraining = [
                CollegeTrainingRecord(rank: pick(["v3", "m3"]), completed: day(from: "2022-01-01", span: 1500))
            ]
        }
        return (record, pick([.next, .next, .next, .post("staff"), .post("chief"), .rank("s3")]))
    }

    @Test("the day named is the first on which everything holds; lean and explained verdicts agree")
    func forecasts() {
        var random = SeededGenerator(seed: 2026_1126)
        var forecasts = 0, later = 0
        for _ in 0..<600 {
            let (record, target) = Self.history(&random)
            let verdict = F.engine.explain(record, target: target, asOf: Self.asOf)
            let lean = F.engine.explain(record, target: target, asOf: Self.asOf, explaining: false)
            #expect(lean.verdict == verdict.verdict)
            #expect(lean.eligibleOn == verdict.eligibleOn)
            #expect(lean.requirements.map(\.metOn) == verdict.requirements.map(\.metOn))
            guard let day = verdict.eligibleOn else {
                // No forecast: some requirement is never met, or one lapses before the rest is met.
                #expect(verdict.verdict == .notEligible)
                #expect(
                    verdict.unmet.contains { $0.metOn == nil } || !verdict.lapses.isEmpty || !verdict.targetApplies
                        || verdict.requirements.contains { $0.rule == "appointment" })
                continue
            }
            forecasts += 1
            if day > Self.asOf { later += 1 }
            #expect(F.engine.explain(record, target: target, asOf: day).verdict != .notEligible, "\(record.officer)")
            if day > Self.asOf {
                let before = F.engine.explain(record, target: target, asOf: day.addingDays(-1))
                #expect(before.verdict == .notEligible, "\(day)")
            }
        }
        // Enough histories reach a forecast, many of them on a later day, for the checks to bite.
        #expect(forecasts > 30)
        #expect(later > 10)
    }
}
