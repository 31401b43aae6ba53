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
    /// The rank held on the as-of date, and the rank the step leads to.
    public var currentRank: String?
    public var targetRank: String?
    /// The post held on the as-of date, and the post the target names (post targets only).
    public var currentPost: String?
    public var targetPost: String?

    /// The requirements that do not hold on the as-of date.
    public var unmet: [Requirement] { requirements.filter { !$0.met } }
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
}
