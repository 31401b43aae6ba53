/// Decides promotion eligibility from a policy's data: pure, with no I/O.
///
/// A verdict checks every requirement on the as-of date with the rules in force that day, then
/// walks forward through the days on which some requirement or rule can change (an interval
/// served, a certificate expiring, a birthday that brings an exemption, a sanction period ending,
/// a rule coming into force) to find the first day on which all hold at once.
///
/// A class (immutable, so shareable across tasks): each day's rule checks hold a reference to it
/// rather than a copy of every table it keeps.
public final class EligibilityEngine: Sendable {
    /// The policy with all its versions of each rule.
    public let policy: PromotionPolicy
    /// The days on which some rule starts or stops being in force, sorted.
    let boundaries: [CalendarDay]
    /// The policy in force between consecutive boundaries: `inForce[i]` holds before
    /// `boundaries[i]` and from `boundaries[i - 1]`.
    let inForce: [PromotionPolicy]
    /// Rank positions on the ladder by code.
    let order: [String: Int]
    /// Names of certificates by code (the tracks that grant them), for explanations.
    let certificateNames: [String: LocalizedText]

    /// The most days a forecast walks through before it gives up (a safety net: real records
    /// change on a few dozen days at most).
    static let forecastSteps = 256

    /// An engine for `policy`; `certificateNames` names certificates in explanations (by code otherwise).
    public init(policy: PromotionPolicy, certificateNames: [String: LocalizedText] = [:]) {
        self.policy = policy
        self.certificateNames = certificateNames
        boundaries = policy.ruleBoundaries
        var inForce = [
            policy.inForce(on: boundaries.first.map { $0.addingDays(-1) } ?? CalendarDay(year: 2000, month: 1, day: 1))
        ]
        for boundary in boundaries { inForce.append(policy.inForce(on: boundary)) }
        self.inForce = inForce
        var order: [String: Int] = [:]
        for (index, rank) in policy.ranks.enumerated() where order[rank.code] == nil { order[rank.code] = index }
        self.order = order
    }

    /// The rules in force on `day`.
    public func policy(on day: CalendarDay) -> PromotionPolicy { inForce[slot(on: day)] }

    /// The index in ``inForce`` of the rules in force on `day`.
    func slot(on day: CalendarDay) -> Int {
        var low = 0, high = boundaries.count
        while low < high {
            let middle = (low + high) / 2
            if boundaries[middle] <= day { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Evaluates `record` against `target` on `asOf`, with every requirement explained and the
    /// first day on which all would hold if nothing else changes. With `explaining` false the
    /// requirements carry no explanation or evidence (a list needs only the rules and dates) and
    /// no lapses are looked for.
    public func explain(
        _ record: PromotionRecord, target: PromotionTarget, asOf: CalendarDay, explaining: Bool = true
    ) -> EligibilityVerdict {
        let record = record.known(on: asOf)
        let officer = record.officer
        let rank = record.rank(on: asOf), post = record.post(on: asOf)
        var verdict = EligibilityVerdict(
            badge: officer.badge, name: officer.name, unit: officer.unit, target: target.description, asOf: asOf,
            verdict: .notEligible, eligibleOn: nil, requirements: [], currentRank: rank?.code, targetRank: nil,
            currentPost: post?.code, targetPost: nil)
        let step: PromotionStep
        switch resolve(target, rank: rank, post: post, on: asOf) {
        case .unreachable(let problem):
            verdict.requirements = [problem]
            return verdict
        case .step(let resolved): step = resolved
        }
        verdict.target = step.target.description
        verdict.targetRank = step.targetRank
        verdict.targetPost = step.targetPost

        let subject = RuleSubject(record: record, step: step)
        let first = checks(subject, on: asOf, explaining: explaining)
        // Small lists, searched by rule name, rather than hashed sets: a verdict has about ten
        // requirements, and a whole force's verdicts are computed by the hundred thousand.
        var metOn: [CalendarDay?] = first.map { $0.met ? $0.metSince ?? asOf : nil }
        func position(_ rule: String) -> Int? { first.firstIndex { $0.rule == rule } }
        var eligibleOn: CalendarDay? = first.allSatisfy(\.met) ? asOf : nil
        // A requirement unmet now whose state no later day can change (and no rule changing
        // ahead) rules eligibility out for good. Unless explaining (which reports lapses), the
        // forecast then only follows the other unmet requirements to the days they will be met.
        let blockedForGood =
            !explaining && (boundaries.last.map { $0 <= asOf } ?? true)
            && first.contains { !$0.met && $0.changes.isEmpty }
        var following: [String]? =
            blockedForGood ? first.filter { !$0.met && !$0.changes.isEmpty }.map(\.rule) : nil
        if eligibleOn == nil, step.advancement != .appointment, following?.isEmpty != true {
            var pending = boundaries.filter { $0 > asOf }
            Self.wait(for: first, after: asOf, in: &pending)
            var steps = 0
            while let next = pending.indices.min(by: { pending[$0] < pending[$1] }), steps < Self.forecastSteps {
                steps += 1
                let day = pending.remove(at: next)
                let later = checks(subject, on: day, explaining: false, only: following)
                for check in later where check.met {
                    guard let index = position(check.rule), metOn[index] == nil else { continue }
                    metOn[index] = day
                    following?.removeAll { $0 == check.rule }
                }
                if following?.isEmpty == true { break }
                if following == nil, later.allSatisfy(\.met) {
                    eligibleOn = day
                    break
                }
                Self.wait(for: later, after: day, in: &pending)
            }
        }
        verdict.eligibleOn = eligibleOn
        // When every unmet requirement will be met but never all at once: those met now that no
        // longer hold on the day the last of the others is met.
        let unmetDays = first.indices.filter { !first[$0].met }.map { metOn[$0] }
        if explaining, eligibleOn == nil, step.advancement != .appointment, !unmetDays.contains(nil),
            let last = unmetDays.compactMap({ $0 }).max()
        {
            let lapsed = Set(checks(subject, on: last, explaining: false).filter { !$0.met }.map(\.rule))
            verdict.lapses = first.filter { $0.met && lapsed.contains($0.rule) }.map(\.rule)
        }
        verdict.requirements = first.indices.map { index in
            let check = first[index]
            return Requirement(
                rule: check.rule, met: check.met, explanation: check.explanation, evidence: check.evidence,
                metOn: metOn[index])
        }
        if eligibleOn == asOf {
            verdict.verdict = step.advancement == .selection ? .consideration : .eligible
        }
        return verdict
    }

    /// Adds to `pending` the days after `day` on which one of `checks` may change, each day once.
    static func wait(for checks: [RuleCheck], after day: CalendarDay, in pending: inout [CalendarDay]) {
        for check in checks {
            for change in check.changes where change > day && !pending.contains(change) { pending.append(change) }
        }
    }

    /// Every requirement of `step` on `day` (only those named in `only`, when given), with the
    /// rules in force that day.
    func checks(
        _ subject: RuleSubject, on day: CalendarDay, explaining: Bool, only: [String]? = nil
    ) -> [RuleCheck] {
        let rules = RuleContext(engine: self, slot: slot(on: day), subject: subject, day: day, explaining: explaining)
        let step = subject.step
        func wanted(_ rule: String) -> Bool { only?.contains(rule) ?? true }
        var checks: [RuleCheck] = []
        checks.reserveCapacity(12)
        if step.advancement == .appointment, wanted("appointment") { checks.append(rules.appointment()) }
        if wanted("time_in_rank"), let check = rules.timeInRank() { checks.append(check) }
        if wanted("post_band") { checks.append(rules.postBand()) }
        if only.map({ $0.contains { $0.hasPrefix("board_") } }) ?? true { checks += rules.boardCriteria() }
        rules.mustTrain(only: only, into: &checks)
        if wanted("assessment") { checks.append(rules.assessment()) }
        if wanted("sanction") { checks.append(rules.sanction()) }
        if wanted("qualification"), let check = rules.qualification() { checks.append(check) }
        if wanted("college_training"), let check = rules.collegeTraining() { checks.append(check) }
        return checks
    }
}

/// The record and the step one verdict checks, shared by every day's checks (a reference, so a
/// day's checks do not copy the record's lists).
final class RuleSubject {
    let record: PromotionRecord
    let step: PromotionStep

    init(record: PromotionRecord, step: PromotionStep) {
        self.record = record
        self.step = step
    }
}

/// A target resolved against the officer's rank and post on the as-of date.
struct PromotionStep {
    /// The target as resolved (`next` becomes `rank:CODE`).
    var target: PromotionTarget
    /// The rank held and the first day of its run.
    var rank: HistoryEntry
    /// The post held and the first day of its run.
    var post: HistoryEntry
    /// The rank after the step: the next rank, or the new post's floor when the current rank is below it.
    var targetRank: String
    /// The post named by a post target.
    var targetPost: String?
    /// How the target rank is reached (interval for a post move that keeps the rank).
    var advancement: Rank.Advancement
    /// Whether the step is a promotion in rank along the ladder (time in rank applies).
    var isRankStep: Bool
    /// Whether the rank changes at all.
    var raisesRank: Bool
}

/// One requirement's state on one day, with the later days on which it may change.
struct RuleCheck {
    var rule: String
    var met: Bool
    var explanation: LocalizedText
    var evidence: [String]
    /// When it holds: the day it came to hold, when known.
    var metSince: CalendarDay?
    /// Later days on which its state may change.
    var changes: [CalendarDay] = []
}
