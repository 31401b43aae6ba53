/// HR's readiness list: every officer in scope with a verdict and what is missing, and counts by
/// unit and by missing requirement.
public struct ReadinessReport: Sendable, Hashable, Codable {
    public var asOf: CalendarDay
    /// The target as asked (`next`, `rank:CODE`, `post:CODE`).
    public var target: String
    /// With a window: only officers not eligible on the date who become eligible within it.
    public var withinDays: Int?
    /// With a filter: only officers with this verdict.
    public var verdict: EligibilityVerdict.Outcome?
    /// The officers listed (after the window and verdict filters), by unit then badge. Officers
    /// the target does not apply to (see ``EligibilityVerdict/targetApplies``) are left out.
    public var officers: [ReadinessLine]
    /// Counts over every officer in scope the target applies to (before the filters).
    public var summary: ReadinessSummary
    /// Officers in scope the target does not apply to.
    public var notApplicable: Int

    /// Builds the report from one line per officer in scope (nil where the target does not
    /// apply), as ``ReadinessLine/init(_:)`` makes them: a whole force's lines can be made in
    /// parallel, while its verdicts are judged, leaving only the counting and the sort here.
    public init(
        lines: [ReadinessLine?], asOf: CalendarDay, target: PromotionTarget, withinDays: Int? = nil,
        verdict: EligibilityVerdict.Outcome? = nil
    ) {
        self.asOf = asOf
        self.target = target.description
        self.withinDays = withinDays
        self.verdict = verdict
        let horizon = withinDays.map { asOf.addingDays($0) }
        // One pass: counts over every officer the target applies to, lines for those the
        // filters keep (a whole force is 100,000 lines).
        var tally = ReadinessSummary.Tally(horizon: horizon)
        var kept: [ReadinessLine] = []
        kept.reserveCapacity(lines.count)
        var notApplicable = 0
        for line in lines {
            guard let line else {
                notApplicable += 1
                continue
            }
            tally.count(line)
            if let verdict, line.verdict != verdict { continue }
            if let horizon {
                guard line.verdict == .notEligible, let day = line.eligibleOn, day <= horizon else { continue }
            }
            kept.append(line)
        }
        summary = tally.summary
        self.notApplicable = notApplicable
        officers = kept.sorted { $0.unit != $1.unit ? $0.unit < $1.unit : $0.badge < $1.badge }
    }
}

/// One officer's line in a readiness list.
public struct ReadinessLine: Sendable, Hashable, Codable {
    public var badge: String
    public var name: String
    public var unit: String
    public var currentRank: String?
    public var targetRank: String?
    public var verdict: EligibilityVerdict.Outcome
    public var eligibleOn: CalendarDay?
    /// The requirements not met on the date, with the day each will be (nil: not by time alone).
    public var unmet: [Missing]

    /// A requirement not met, and when it will be.
    public struct Missing: Sendable, Hashable, Codable {
        public var rule: String
        public var metOn: CalendarDay?

        /// JSON with `metOn` always present (`null` when time alone will not meet it).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rule, forKey: .rule)
            try container.encode(metOn, forKey: .metOn)
        }
    }

    /// JSON with every key present: a rank or date that does not apply is `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(badge, forKey: .badge)
        try container.encode(name, forKey: .name)
        try container.encode(unit, forKey: .unit)
        try container.encode(currentRank, forKey: .currentRank)
        try container.encode(targetRank, forKey: .targetRank)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(eligibleOn, forKey: .eligibleOn)
        try container.encode(unmet, forKey: .unmet)
    }

    /// The line of `verdict`, or nil when the target does not apply to the officer (see
    /// ``EligibilityVerdict/targetApplies``).
    public init?(_ verdict: EligibilityVerdict) {
        guard verdict.targetApplies else { return nil }
        badge = verdict.badge
        name = verdict.name
        unit = verdict.unit
        currentRank = verdict.currentRank
        targetRank = verdict.targetRank
        self.verdict = verdict.verdict
        eligibleOn = verdict.eligibleOn
        unmet = verdict.requirements.compactMap { $0.met ? nil : Missing(rule: $0.rule, metOn: $0.metOn) }
    }
}

/// Counts of a readiness query: by verdict, by unit and by missing requirement.
public struct ReadinessSummary: Sendable, Hashable, Codable {
    /// Counts for one unit, or for everyone.
    public struct Counts: Sendable, Hashable, Codable {
        public var unit: String
        public var officers = 0
        public var eligible = 0
        public var consideration = 0
        public var notEligible = 0
        /// Not eligible on the date but eligible within the window (when one was asked).
        public var withinWindow = 0

        init(unit: String) { self.unit = unit }

        mutating func count(_ line: ReadinessLine, horizon: CalendarDay?) {
            officers += 1
            switch line.verdict {
            case .eligible: eligible += 1
            case .consideration: consideration += 1
            case .notEligible:
                notEligible += 1
                if let horizon, let day = line.eligibleOn, day <= horizon { withinWindow += 1 }
            }
        }
    }

    /// How many officers lack one requirement, and for how many it is the only thing missing.
    public struct Blocker: Sendable, Hashable, Codable {
        public var rule: String
        public var officers: Int
        public var onlyBlocker: Int
    }

    public var totals: Counts
    public var byUnit: [Counts]
    /// Most common first.
    public var byMissing: [Blocker]

    /// Counts gathered one verdict at a time (units and requirements found by code).
    struct Tally {
        let horizon: CalendarDay?
        var totals = Counts(unit: "*")
        var units: [String: Counts] = [:]
        var missing: [String: Blocker] = [:]

        /// Counts one officer's line.
        mutating func count(_ line: ReadinessLine) {
            totals.count(line, horizon: horizon)
            units[line.unit, default: Counts(unit: line.unit)].count(line, horizon: horizon)
            for requirement in line.unmet {
                missing[requirement.rule, default: Blocker(rule: requirement.rule, officers: 0, onlyBlocker: 0)]
                    .add(only: line.unmet.count == 1)
            }
        }

        /// The summary: units by code, missing requirements most common first.
        var summary: ReadinessSummary {
            ReadinessSummary(
                totals: totals, byUnit: units.values.sorted { $0.unit < $1.unit },
                byMissing: missing.values.sorted { ($1.officers, $0.rule) < ($0.officers, $1.rule) })
        }
    }
}

extension ReadinessSummary.Blocker {
    mutating func add(only: Bool) {
        officers += 1
        if only { onlyBlocker += 1 }
    }
}
