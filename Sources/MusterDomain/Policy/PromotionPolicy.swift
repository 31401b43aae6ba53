/// The rules promotion decisions read, as data: a rank ladder, post bands, assessment grades,
/// sanctions, qualification levels, merits and must-train certificates, each rule with the
/// period it is in force. Nothing about any force's ranks is hard-coded.
public struct PromotionPolicy: Sendable, Hashable, Codable {
    public var name: String
    public var title: LocalizedText
    /// Ranks, lowest first.
    public var ranks: [Rank]
    public var posts: [Post]
    public var assessmentGrades: [AssessmentGrade]
    public var sanctions: [SanctionKind]
    public var qualificationLevels: [QualificationLevel]
    public var merits: [Merit]
    public var mustTrain: [MustTrainRule]
    /// Codes of law-enforcement quality assessment grades, best first.
    public var qualityGrades: [String]
    /// What a selection board checks before it considers a candidate for a selection rank; nil
    /// when the policy sets no board criteria.
    public var selectionBoard: SelectionBoard?
    /// How promotion rounds rank the eligible; nil for ``RoundRules/standard(for:)``.
    public var promotionRounds: RoundRules?
    /// The most steps a promotion to a new post may raise the rank (to the post's floor); nil for one.
    public var postRaiseLimit: Int?

    public init(
        name: String,
        title: LocalizedText,
        ranks: [Rank],
        posts: [Post] = [],
        assessmentGrades: [AssessmentGrade] = [],
        sanctions: [SanctionKind] = [],
        qualificationLevels: [QualificationLevel] = [],
        merits: [Merit] = [],
        mustTrain: [MustTrainRule] = [],
        qualityGrades: [String] = ["excellent", "meets-standard", "below-standard"],
        selectionBoard: SelectionBoard? = nil,
        promotionRounds: RoundRules? = nil,
        postRaiseLimit: Int? = nil
    ) {
        self.name = name
        self.title = title
        self.ranks = ranks
        self.posts = posts
        self.assessmentGrades = assessmentGrades
        self.sanctions = sanctions
        self.qualificationLevels = qualificationLevels
        self.merits = merits
        self.mustTrain = mustTrain
        self.qualityGrades = qualityGrades
        self.selectionBoard = selectionBoard
        self.promotionRounds = promotionRounds
        self.postRaiseLimit = postRaiseLimit
    }

    /// The rank with `code`.
    public func rank(_ code: String) -> Rank? { ranks.first { $0.code == code } }

    /// A rank's position on the ladder, 0 for the lowest.
    public func order(of code: String) -> Int? { ranks.firstIndex { $0.code == code } }

    /// The rank above `code`, if the ladder goes on.
    public func nextRank(after code: String) -> Rank? {
        guard let index = order(of: code), index + 1 < ranks.count else { return nil }
        return ranks[index + 1]
    }

    /// The policy with only the rules in force on `day`.
    public func inForce(on day: CalendarDay) -> PromotionPolicy {
        var copy = self
        copy.ranks = ranks.map { rank in
            var rank = rank
            rank.intervals = rank.intervals.filter { $0.effective.contains(day) }
            return rank
        }
        copy.posts = posts.filter { $0.effective.contains(day) }
        copy.sanctions = sanctions.filter { $0.effective.contains(day) }
        copy.merits = merits.filter { $0.effective.contains(day) }
        copy.mustTrain = mustTrain.filter { $0.effective.contains(day) }
        return copy
    }

    /// Every day on which a rule starts or stops being in force, sorted.
    public var ruleBoundaries: [CalendarDay] {
        let periods =
            ranks.flatMap { $0.intervals.map(\.effective) } + posts.map(\.effective) + sanctions.map(\.effective)
            + merits.map(\.effective) + mustTrain.map(\.effective)
        return Array(Set(periods.flatMap { [$0.from, $0.until].compactMap { $0 } })).sorted()
    }
}

/// The criteria a selection board checks before it considers a candidate for a selection rank.
public struct SelectionBoard: Sendable, Hashable, Codable {
    /// The fewest years in the current post.
    public var yearsInPost: Int
    /// The fewest years in the current rank.
    public var yearsInRank: Int
    /// How many of the latest annual assessments the board reads.
    public var assessmentYears: Int
    /// The grades each of those assessments must have.
    public var assessmentGrades: [String]
    /// Grades at least one of those assessments must have (empty: no such condition).
    public var needsOneOf: [String]

    public init(
        yearsInPost: Int, yearsInRank: Int, assessmentYears: Int, assessmentGrades: [String], needsOneOf: [String] = []
    ) {
        self.yearsInPost = yearsInPost
        self.yearsInRank = yearsInRank
        self.assessmentYears = assessmentYears
        self.assessmentGrades = assessmentGrades
        self.needsOneOf = needsOneOf
    }
}

/// One rank of the ladder.
public struct Rank: Sendable, Hashable, Codable {
    /// How a rank is reached from the one below.
    public enum Advancement: String, Sendable, Hashable, Codable {
        /// After the interval, with the required reviews passed.
        case interval
        /// By selection among eligible candidates.
        case selection
        /// By appointment only.
        case appointment
    }

    /// The years to serve in this rank before the next step, for a period.
    public struct Interval: Sendable, Hashable, Codable {
        public var years: Int
        public var effective: EffectivePeriod

        public init(years: Int, effective: EffectivePeriod = .always) {
            self.years = years
            self.effective = effective
        }
    }

    public var code: String
    public var name: LocalizedText
    /// How this rank is reached.
    public var advancement: Advancement
    /// Years in this rank before the next step (empty when the next step is by selection or appointment).
    public var intervals: [Interval]
    /// Whether reaching this rank requires training at a police college (a tier boundary).
    public var requiresCollegeTraining: Bool

    public init(
        code: String,
        name: LocalizedText,
        advancement: Advancement = .interval,
        intervals: [Interval] = [],
        requiresCollegeTraining: Bool = false
    ) {
        self.code = code
        self.name = name
        self.advancement = advancement
        self.intervals = intervals
        self.requiresCollegeTraining = requiresCollegeTraining
    }
}

/// A post (position) and the ranks its holder may have.
public struct Post: Sendable, Hashable, Codable {
    public var code: String
    public var name: LocalizedText
    public var floorRank: String
    public var ceilingRank: String
    public var effective: EffectivePeriod

    public init(
        code: String, name: LocalizedText, floorRank: String, ceilingRank: String, effective: EffectivePeriod = .always
    ) {
        self.code = code
        self.name = name
        self.floorRank = floorRank
        self.ceilingRank = ceilingRank
        self.effective = effective
    }
}

/// An annual assessment grade.
public struct AssessmentGrade: Sendable, Hashable, Codable {
    public var code: String
    public var name: LocalizedText
    /// Whether a year with this grade counts toward seniority in rank.
    public var countsTowardSeniority: Bool
    /// Whether this grade satisfies the review a promotion needs.
    public var passesReview: Bool

    public init(code: String, name: LocalizedText, countsTowardSeniority: Bool, passesReview: Bool) {
        self.code = code
        self.name = name
        self.countsTowardSeniority = countsTowardSeniority
        self.passesReview = passesReview
    }
}

/// A disciplinary sanction and how long it blocks promotion.
public struct SanctionKind: Sendable, Hashable, Codable {
    public var code: String
    public var name: LocalizedText
    public var blockingMonths: Int
    /// Whether it restarts the interval in rank (demotion).
    public var restartsInterval: Bool
    public var effective: EffectivePeriod

    public init(
        code: String, name: LocalizedText, blockingMonths: Int, restartsInterval: Bool = false,
        effective: EffectivePeriod = .always
    ) {
        self.code = code
        self.name = name
        self.blockingMonths = blockingMonths
        self.restartsInterval = restartsInterval
        self.effective = effective
    }
}

/// A law-enforcement qualification level.
public struct QualificationLevel: Sendable, Hashable, Codable {
    public var code: String
    public var name: LocalizedText
    /// Years a result stays valid; nil when it does not expire.
    public var validityYears: Int?
    /// Whether every promotion step requires holding this level (or a higher one).
    public var requiredForPromotion: Bool
    /// Steps into this rank or any above it require this level (or a higher one); nil when no
    /// rank does beyond ``requiredForPromotion``.
    public var requiredFromRank: String?

    public init(
        code: String, name: LocalizedText, validityYears: Int?, requiredForPromotion: Bool,
        requiredFromRank: String? = nil
    ) {
        self.code = code
        self.name = name
        self.validityYears = validityYears
        self.requiredForPromotion = requiredForPromotion
        self.requiredFromRank = requiredFromRank
    }
}

/// A merit that allows early promotion.
public struct Merit: Sendable, Hashable, Codable {
    public var code: String
    public var name: LocalizedText
    /// How many years earlier the next step may come.
    public var shortensYears: Int
    /// The fewest years that must still be served in rank.
    public var minimumYearsInRank: Int
    public var effective: EffectivePeriod

    public init(
        code: String, name: LocalizedText, shortensYears: Int, minimumYearsInRank: Int,
        effective: EffectivePeriod = .always
    ) {
        self.code = code
        self.name = name
        self.shortensYears = shortensYears
        self.minimumYearsInRank = minimumYearsInRank
        self.effective = effective
    }
}

/// A certificate a promotion step requires, optionally only under a condition.
public struct MustTrainRule: Sendable, Hashable, Codable {
    /// The rank being promoted to; nil for every step.
    public var toRank: String?
    /// The certificate (track) required, such as `computer-literacy`.
    public var certificate: String
    /// Only officers younger than this on the as-of date need it; nil for everyone.
    public var onlyUnderAge: Int?
    /// Only officers of these duty types need it (practical skills: frontline); nil for everyone.
    public var dutyTypes: [Officer.DutyType]?
    /// Whether only a certificate issued on or after the day the officer reached the current rank
    /// counts (promotion training is taken again for every step).
    public var sinceCurrentRank: Bool?
    public var effective: EffectivePeriod

    public init(
        toRank: String?, certificate: String, onlyUnderAge: Int? = nil, dutyTypes: [Officer.DutyType]? = nil,
        sinceCurrentRank: Bool? = nil, effective: EffectivePeriod = .always
    ) {
        self.toRank = toRank
        self.certificate = certificate
        self.onlyUnderAge = onlyUnderAge
        self.dutyTypes = dutyTypes
        self.sinceCurrentRank = sinceCurrentRank
        self.effective = effective
    }
}
