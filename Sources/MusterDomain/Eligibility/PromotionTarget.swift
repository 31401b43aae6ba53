/// What an officer is evaluated for: the next rank, a named rank, or a post.
public enum PromotionTarget: Sendable, Hashable, CustomStringConvertible {
    /// The rank above the one held on the date.
    case next
    /// A rank by code (it must be the next step on the ladder to be reachable).
    case rank(String)
    /// A post by code; the rank rises to the post's floor when below it.
    case post(String)

    /// Reads `next`, `rank:CODE` or `post:CODE`; nil for anything else.
    public init?(_ text: String) {
        if text == "next" {
            self = .next
            return
        }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].utf8.count <= 64,
            parts[1].utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        switch parts[0] {
        case "rank": self = .rank(parts[1])
        case "post": self = .post(parts[1])
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .next: "next"
        case .rank(let code): "rank:\(code)"
        case .post(let code): "post:\(code)"
        }
    }
}

/// The decision for one officer and target on a date, with every requirement explained.
public struct EligibilityVerdict: Sendable, Hashable, Codable {
    /// The outcome.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every requirement holds: the officer may be promoted.
        case eligible
        /// Some requirement does not hold.
        case notEligible = "not_eligible"
        /// Every requirement holds for a selection rank: the board may consider the officer.
        case consideration
    }

    public var badge: String
    public var name: String
    public var unit: String
    /// The resolved target (`rank:CODE` or `post:CODE`; `next` when no rank is above).
    public var target: String
    public var asOf: CalendarDay
    public var verdict: Outcome
    /// The first day on which every requirement holds at once if nothing else changes; nil
    /// when time alone cannot make the officer eligible.
    public var eligibleOn: CalendarDay?
    public var requirements: [Requirement]
    /// When there is no forecast: requirements met on the as-of date that stop holding (a
    /// certificate expiring) before the others are met.
    public var lapses: [String] = []
    /// The rank held on the as-of date, and the rank the step leads to.
    public var currentRank: String?
    public var targetRank: String?
    /// The post held on the as-of date, and the post the target names (post targets only).
    public var currentPost: String?
    public var targetPost: String?

    /// The requirements that do not hold on the as-of date.
    public var unmet: [Requirement] { requirements.filter { !$0.met } }

    /// Whether the target applies to the officer at all: false when they hold it or more
    /// already, it is more than a step away, it is no promotion, or they held no rank that day
    /// (the only requirement is then `target`).
    public var targetApplies: Bool { !(requirements.count == 1 && requirements[0].rule == "target") }

    enum CodingKeys: String, CodingKey {
        case badge, name, unit, target, asOf, verdict, eligibleOn, requirements, lapses, currentRank, targetRank
        case currentPost, targetPost
    }

    /// JSON with every key present: a date or rank that does not apply is `null`, never absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(badge, forKey: .badge)
        try container.encode(name, forKey: .name)
        try container.encode(unit, forKey: .unit)
        try container.encode(target, forKey: .target)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(eligibleOn, forKey: .eligibleOn)
        try container.encode(requirements, forKey: .requirements)
        try container.encode(lapses, forKey: .lapses)
        try container.encode(currentRank, forKey: .currentRank)
        try container.encode(targetRank, forKey: .targetRank)
        try container.encode(currentPost, forKey: .currentPost)
        try container.encode(targetPost, forKey: .targetPost)
    }
}

/// One requirement of a verdict: what it checks, whether it holds, why, and when it will.
public struct Requirement: Sendable, Hashable, Codable {
    /// What the rule checks: `time_in_rank`, `post_band`, `sanction`, `assessment`,
    /// `qualification`, `college_training`, a certificate code, or a selection board's
    /// `board_years_in_post`, `board_years_in_rank`, `board_assessments`; `target` and
    /// `appointment` when the target cannot be reached by promotion.
    public var rule: String
    public var met: Bool
    /// One sentence a person reads, in English and Chinese.
    public var explanation: LocalizedText
    /// The records the rule read, one short line each.
    public var evidence: [String]
    /// The day it came to hold (when it holds) or will come to hold if nothing else changes;
    /// nil when time alone will not make it hold.
    public var metOn: CalendarDay?

    public init(rule: String, met: Bool, explanation: LocalizedText, evidence: [String], metOn: CalendarDay?) {
        self.rule = rule
        self.met = met
        self.explanation = explanation
        self.evidence = evidence
        self.metOn = metOn
    }

    enum CodingKeys: String, CodingKey {
        case rule, met, detail, explanation, evidence, metOn
    }

    /// JSON: `detail` is the English sentence; `explanation` holds it in every language by tag.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(met, forKey: .met)
        try container.encode(explanation.text(in: "en"), forKey: .detail)
        try container.encode(explanation.translations, forKey: .explanation)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(metOn, forKey: .metOn)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rule = try container.decode(String.self, forKey: .rule)
        met = try container.decode(Bool.self, forKey: .met)
        let detail = try container.decode(String.self, forKey: .detail)
        explanation = LocalizedText(
            try container.decodeIfPresent([String: String].self, forKey: .explanation) ?? ["en": detail])
        evidence = try container.decode([String].self, forKey: .evidence)
        metOn = try container.decodeIfPresent(CalendarDay.self, forKey: .metOn)
    }
}
