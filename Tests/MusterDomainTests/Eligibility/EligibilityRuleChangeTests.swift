import MusterDomain
import Testing

@Suite("Eligibility with rules that change by date, and as of past dates")
struct EligibilityRuleChangeTests {
    typealias F = EligibilityFixtures

    /// The fixture with constable-1's interval cut from 3 to 2 years from 2026-01-01.
    static let changed: EligibilityEngine = {
        var policy = F.policy
        policy.ranks[1].intervals = [
            Rank.Interval(years: 3, effective: EffectivePeriod(until: F.day("2026-01-01"))),
            Rank.Interval(years: 2, effective: EffectivePeriod(from: F.day("2026-01-01"))),
        ]
        return EligibilityEngine(policy: policy)
    }()

    /// A support officer (the practical-skills certificate of 2026 is not known in 2025).
    static let record = F.record(since: "2024-03-01", duty: .support)

    @Test("before the change the old interval applies, and the forecast lands on the new one's end")
    func forecastAcrossAChange() {
        let verdict = Self.changed.explain(Self.record, target: .next, asOf: F.day("2025-12-01"))
        #expect(verdict.verdict == .notEligible)
        let time = verdict.requirements.first { $0.rule == "time_in_rank" }
        #expect(time?.explanation.text(in: "en").contains("Needs 3 years") == true)
        #expect(verdict.eligibleOn == F.day("2026-03-01"))
    }

    @Test("after the change the new interval applies")
    func afterTheChange() {
        let verdict = Self.changed.explain(Self.record, target: .next, asOf: F.day("2026-03-01"))
        #expect(verdict.verdict == .eligible)
        #expect(verdict.requirements.first { $0.rule == "time_in_rank" }?.metOn == F.day("2026-03-01"))
    }

    @Test("a must-train rule not yet in force is not required; once in force it is")
    func mustTrainComesIntoForce() {
        var policy = F.policy
        policy.mustTrain.append(
            MustTrainRule(toRank: nil, certificate: "ethics", effective: EffectivePeriod(from: F.day("2026-07-01"))))
        let engine = EligibilityEngine(policy: policy)
        let before = engine.explain(F.record(), target: .next, asOf: F.day("2026-06-20"))
        #expect(before.verdict == .eligible)
        #expect(!before.requirements.contains { $0.rule == "ethics" })
        let after = engine.explain(F.record(), target: .next, asOf: F.day("2026-07-01"))
        #expect(after.verdict == .notEligible)
        #expect(after.unmet.map(\.rule) == ["ethics"])
        #expect(after.eligibleOn == nil)
    }

    @Test("as of a past date the rank then held and only the records known then are read")
    func pastDate() {
        var record = F.record(rank: "s3", since: "2026-06-20")
        record.rankHistory = [
            HistoryEntry(code: "c2", since: F.day("2020-06-15")), HistoryEntry(code: "c1", since: F.day("2023-06-15")),
        ]
        record.sanctions = [SanctionRecord(kind: "warning", starts: F.day("2026-08-01"))]
        // Promotion training for the step to s3 (the fixture's own is dated the day s3 was reached).
        record.certificates.append(
            HeldCertificate(
                badge: "B1", code: "promotion-training", issued: F.day("2025-02-01"), validUntil: nil, revokedOn: nil))
        let verdict = F.engine.explain(record, target: .next, asOf: F.day("2026-06-15"))
        #expect(verdict.currentRank == "c1")
        #expect(verdict.targetRank == "s3")
        #expect(verdict.verdict == .eligible, "\(verdict.unmet.map(\.rule))")
        let now = F.engine.explain(record, target: .next, asOf: F.day("2026-09-01"))
        #expect(now.currentRank == "s3")
        #expect(now.unmet.map(\.rule).contains("sanction"))
    }

    @Test("every verdict names its rules with the issue's names")
    func ruleNames() {
        let verdict = F.engine.explain(F.record(), target: .next, asOf: F.day("2026-06-15"))
        #expect(
            verdict.requirements.map(\.rule) == [
                "time_in_rank", "post_band", "computer-literacy", "police-pr", "promotion-training",
                "practical-skills", "assessment", "sanction", "qualification",
            ])
        #expect(verdict.requirements.allSatisfy { !$0.explanation.text(in: "en").isEmpty })
        #expect(verdict.requirements.allSatisfy { $0.explanation.text(in: "zh-CN") != $0.explanation.text(in: "en") })
    }

    @Test("a sanction imposed before its kind's rule came into force still blocks for its months, not for ever")
    func sanctionBeforeItsRule() {
        var policy = F.policy
        policy.sanctions[0].effective = EffectivePeriod(from: F.day("2026-01-01"))
        let engine = EligibilityEngine(policy: policy)
        var record = F.record()
        record.sanctions = [SanctionRecord(kind: "warning", starts: F.day("2025-12-01"))]
        let verdict = engine.explain(record, target: .next, asOf: F.day("2026-05-31"))
        #expect(verdict.unmet.map(\.rule) == ["time_in_rank", "sanction"])
        #expect(verdict.requirements.first { $0.rule == "sanction" }?.metOn == F.day("2026-06-01"))
        #expect(verdict.eligibleOn == F.day("2026-06-15"))
    }

    @Test("a merit whose minimum exceeds the interval never lengthens it")
    func meritMinimum() {
        var policy = F.policy
        policy.merits = [Merit(code: "merit-1", name: F.named("m"), shortensYears: 1, minimumYearsInRank: 5)]
        var record = F.record()
        record.merits = [MeritAward(kind: "merit-1", awarded: F.day("2024-01-01"))]
        let verdict = EligibilityEngine(policy: policy).explain(record, target: .next, asOf: F.day("2026-06-15"))
        #expect(verdict.requirements.first { $0.rule == "time_in_rank" }?.met == true)
        #expect(verdict.verdict == .eligible)
    }

    @Test("lapses name the requirements met now that no longer hold when the rest is met")
    func lapses() {
        var record = F.record(duty: .support)
        record.certificates = record.certificates.map { certificate in
            var certificate = certificate
            if certificate.code == "police-pr" { certificate.validUntil = F.day("2026-05-31") }
            return certificate
        }
        let verdict = F.engine.explain(record, target: .next, asOf: F.day("2026-01-10"))
        #expect(verdict.eligibleOn == nil)
        #expect(verdict.lapses == ["police-pr"])
        // With a certificate missing for good there is nothing to lapse before: the missing one is the reason.
        record.certificates.removeAll { $0.code == "promotion-training" }
        let missing = F.engine.explain(record, target: .next, asOf: F.day("2026-01-10"))
        #expect(missing.lapses.isEmpty)
        #expect(missing.unmet.contains { $0.rule == "promotion-training" && $0.metOn == nil })
    }

    @Test("targets read from text")
    func targets() {
        #expect(PromotionTarget("next") == .next)
        #expect(PromotionTarget("rank:s3") == .rank("s3"))
        #expect(PromotionTarget("post:staff") == .post("staff"))
        #expect(PromotionTarget("rank:") == nil)
        #expect(PromotionTarget("grade:x") == nil)
        #expect(PromotionTarget("rank:a\u{0}b") == nil)
    }
}
