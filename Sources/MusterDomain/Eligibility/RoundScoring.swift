/// One eligible officer as a round scores them: the verdict, the best exam result in the
/// window, and the records the parts read.
public struct RoundCandidate: Sendable, Hashable {
    public var verdict: EligibilityVerdict
    public var record: PromotionRecord
    /// The best final result (percent) on the round's exams in the window, and where it came from.
    public var examPercent: Double?
    public var examEvidence: String?

    public init(verdict: EligibilityVerdict, record: PromotionRecord, examPercent: Double?, examEvidence: String?) {
        self.verdict = verdict
        self.record = record
        self.examPercent = examPercent
        self.examEvidence = examEvidence
    }
}

/// A candidate's place on a frozen round list.
public struct RoundEntry: Sendable, Hashable, Codable {
    /// One part's score.
    public struct PartScore: Sendable, Hashable, Codable {
        public var part: RoundRules.Part.Kind
        /// 0-100; nil when there is nothing to score (no result in the window).
        public var score: Double?
        public var weight: Double
        public var minimum: Double?
    }

    /// 1 for the highest composite.
    public var position: Int
    public var badge: String
    public var name: String
    public var unit: String
    public var currentRank: String?
    public var targetRank: String?
    public var verdict: EligibilityVerdict.Outcome
    /// The weighted mean of the parts, 0-100, to two decimals.
    public var composite: Double
    public var parts: [PartScore]
    /// Whether the position falls within the vacancies times the candidates per vacancy (all
    /// entries when no vacancies were given).
    public var withinSelection: Bool
    /// The certificates, results and records the entry rests on.
    public var restsOn: [String]

    public init(
        position: Int, badge: String, name: String, unit: String, currentRank: String?, targetRank: String?,
        verdict: EligibilityVerdict.Outcome, composite: Double, parts: [PartScore], withinSelection: Bool,
        restsOn: [String]
    ) {
        self.position = position
        self.badge = badge
        self.name = name
        self.unit = unit
        self.currentRank = currentRank
        self.targetRank = targetRank
        self.verdict = verdict
        self.composite = composite
        self.parts = parts
        self.withinSelection = withinSelection
        self.restsOn = restsOn
    }
}

/// An eligible officer left off the list, and why.
public struct RoundExclusion: Sendable, Hashable, Codable {
    public var badge: String
    public var reason: String

    public init(badge: String, reason: String) {
        self.badge = badge
        self.reason = reason
    }
}

/// Ranks eligible candidates by the round rules' composite score.
public enum RoundScoring {
    /// The ranked list and the eligible officers below a part's minimum. Ties go to the longer
    /// service in rank, then the badge, so the order never depends on the input's.
    public static func rank(
        _ candidates: [RoundCandidate], rules: RoundRules, asOf: CalendarDay, vacancies: Int?
    ) -> (entries: [RoundEntry], excluded: [RoundExclusion]) {
        var scored: [(entry: RoundEntry, since: CalendarDay)] = []
        var excluded: [RoundExclusion] = []
        let totalWeight = rules.parts.map(\.weight).reduce(0, +)
        for candidate in candidates {
            let verdict = candidate.verdict
            let since = candidate.record.rank(on: asOf)?.since ?? asOf
            let parts = rules.parts.map { part in
                RoundEntry.PartScore(
                    part: part.kind, score: score(part.kind, candidate, rules: rules, since: since, asOf: asOf),
                    weight: part.weight, minimum: part.minimum)
            }
            if let short = parts.first(where: { part in part.minimum.map { (part.score ?? -1) < $0 } ?? false }) {
                let minimum = Self.figure(short.minimum ?? 0)
                let reason =
                    short.score.map { "\(short.part.rawValue) \(Self.figure($0)) is below the minimum \(minimum)" }
                    ?? (short.part == .exam
                        ? "no final exam result in the last \(rules.examYears) years (the exam part needs at least \(minimum))"
                        : "nothing to score for \(short.part.rawValue) (it needs at least \(minimum))")
                excluded.append(RoundExclusion(badge: verdict.badge, reason: reason))
                continue
            }
            let sum = parts.map { ($0.score ?? 0) * $0.weight }.reduce(0, +)
            let restsOn =
                verdict.requirements.filter { $0.met && !$0.evidence.isEmpty }.flatMap(\.evidence)
                + (candidate.examEvidence.map { [$0] } ?? [])
            scored.append(
                (
                    RoundEntry(
                        position: 0, badge: verdict.badge, name: verdict.name, unit: verdict.unit,
                        currentRank: verdict.currentRank, targetRank: verdict.targetRank, verdict: verdict.verdict,
                        composite: rounded(totalWeight > 0 ? sum / totalWeight : 0), parts: parts,
                        withinSelection: false, restsOn: restsOn),
                    since
                ))
        }
        // Highest composite first; then the earlier rank date (longer service); then the badge.
        scored.sort { ($1.entry.composite, $0.since, $0.entry.badge) < ($0.entry.composite, $1.since, $1.entry.badge) }
        let selected = vacancies.map { $0 * rules.perVacancy } ?? Int.max
        let entries = scored.enumerated().map { index, item in
            var entry = item.entry
            entry.position = index + 1
            entry.withinSelection = index < selected
            return entry
        }
        return (entries, excluded.sorted { $0.badge < $1.badge })
    }

    static func score(
        _ kind: RoundRules.Part.Kind, _ candidate: RoundCandidate, rules: RoundRules, since: CalendarDay,
        asOf: CalendarDay
    ) -> Double? {
        switch kind {
        case .exam:
            return candidate.examPercent
        case .assessments:
            let latest = candidate.record.latestAssessments(before: asOf, count: rules.assessmentYears)
            guard !latest.isEmpty else { return nil }
            return latest.map { rules.gradePoints[$0.grade] ?? 0 }.reduce(0, +) / Double(latest.count)
        case .seniority:
            let years = Double(since.daysUntil(asOf)) / 365.25
            return min(100, max(0, years / Double(max(1, rules.seniorityFullYears)) * 100))
        }
    }

    /// `value` to two decimals.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// `value` to two decimals, without trailing zeros.
    static func figure(_ value: Double) -> String {
        let hundredths = Int(rounded(value) * 100)
        if hundredths % 100 == 0 { return "\(hundredths / 100)" }
        return hundredths % 10 == 0 ? String(format: "%.1f", rounded(value)) : String(format: "%.2f", rounded(value))
    }
}
