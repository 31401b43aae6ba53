/// Everything the promotion rules read about one officer: the roster row, rank and post history,
/// and the HR and training records, as known on some day.
public struct PromotionRecord: Sendable, Hashable {
    public var officer: Officer
    /// Ranks held, in any order (the roster's current rank need not be repeated here).
    public var rankHistory: [HistoryEntry]
    /// Posts held, in any order.
    public var postHistory: [HistoryEntry]
    public var assessments: [AnnualAssessment]
    public var sanctions: [SanctionRecord]
    public var merits: [MeritAward]
    public var qualifications: [QualificationRecord]
    public var certificates: [HeldCertificate]
    public var collegeTraining: [CollegeTrainingRecord]

    public init(
        officer: Officer,
        rankHistory: [HistoryEntry] = [],
        postHistory: [HistoryEntry] = [],
        assessments: [AnnualAssessment] = [],
        sanctions: [SanctionRecord] = [],
        merits: [MeritAward] = [],
        qualifications: [QualificationRecord] = [],
        certificates: [HeldCertificate] = [],
        collegeTraining: [CollegeTrainingRecord] = []
    ) {
        self.officer = officer
        self.rankHistory = rankHistory
        self.postHistory = postHistory
        self.assessments = assessments
        self.sanctions = sanctions
        self.merits = merits
        self.qualifications = qualifications
        self.certificates = certificates
        self.collegeTraining = collegeTraining
    }

    /// The record as it stood on `day`: events dated after it are dropped, so a verdict as of a
    /// past date reads only what was known then. Expiry and end dates are kept.
    public func known(on day: CalendarDay) -> PromotionRecord {
        // Lists with nothing after the day are kept as they are (no copy): the usual case when
        // the day is today.
        func kept<Element>(_ list: [Element], _ isKnown: (Element) -> Bool) -> [Element] {
            list.allSatisfy(isKnown) ? list : list.filter(isKnown)
        }
        var copy = self
        copy.rankHistory = kept(rankHistory) { $0.since <= day }
        copy.postHistory = kept(postHistory) { $0.since <= day }
        copy.assessments = kept(assessments) { $0.year < day.year }
        copy.sanctions = kept(sanctions) { $0.starts <= day }
        copy.merits = kept(merits) { $0.awarded <= day }
        copy.qualifications = kept(qualifications) { $0.passed <= day }
        if !certificates.allSatisfy({ $0.issued <= day && ($0.revokedOn.map { $0 <= day } ?? true) }) {
            copy.certificates = certificates.filter { $0.issued <= day }.map { certificate in
                var certificate = certificate
                if let revoked = certificate.revokedOn, revoked > day { certificate.revokedOn = nil }
                return certificate
            }
        }
        copy.collegeTraining = kept(collegeTraining) { $0.completed <= day }
        return copy
    }

    /// The latest annual assessment on file for a year before `day`'s (the first of a year given twice).
    public func latestAssessment(before day: CalendarDay) -> AnnualAssessment? {
        var latest: AnnualAssessment?
        for assessment in assessments where assessment.year < day.year {
            if latest.map({ $0.year < assessment.year }) ?? true { latest = assessment }
        }
        return latest
    }

    /// The latest `count` annual assessments on file for years before `day`'s, newest first.
    public func latestAssessments(before day: CalendarDay, count: Int) -> [AnnualAssessment] {
        Array(assessments.filter { $0.year < day.year }.sorted { $0.year > $1.year }.prefix(count))
    }

    /// The rank held on `day` and the first day of its unbroken run; nil before the first rank.
    public func rank(on day: CalendarDay) -> HistoryEntry? {
        Self.held(on: day, in: rankHistory, current: HistoryEntry(code: officer.rank, since: officer.rankSince))
    }

    /// The post held on `day` and the first day of its unbroken run; nil before the first post.
    public func post(on day: CalendarDay) -> HistoryEntry? {
        Self.held(on: day, in: postHistory, current: HistoryEntry(code: officer.post, since: officer.postSince))
    }

    /// The entry held on `day` from `history` followed by `current`. Without building a list
    /// when they are already in date order, as the stored records keep them (this runs twice
    /// for each officer of a whole force); otherwise as ``held(on:in:)``.
    static func held(on day: CalendarDay, in history: [HistoryEntry], current: HistoryEntry) -> HistoryEntry? {
        let count = history.count + 1
        func entry(_ index: Int) -> HistoryEntry { index < history.count ? history[index] : current }
        guard (1..<count).allSatisfy({ entry($0 - 1).since <= entry($0).since }) else {
            return held(on: day, in: history + [current])
        }
        guard var index = (0..<count).last(where: { entry($0).since <= day }) else { return nil }
        let code = entry(index).code
        while index > 0, entry(index - 1).code == code { index -= 1 }
        return HistoryEntry(code: code, since: entry(index).since)
    }

    static func held(on day: CalendarDay, in entries: [HistoryEntry]) -> HistoryEntry? {
        let sorted = entries.filter { $0.since <= day }.sorted { $0.since < $1.since }
        guard var index = sorted.indices.last else { return nil }
        let code = sorted[index].code
        while index > 0, sorted[index - 1].code == code { index -= 1 }
        return HistoryEntry(code: code, since: sorted[index].since)
    }
}

/// An annual assessment: the grade given for a year.
public struct AnnualAssessment: Sendable, Hashable, Codable {
    public var year: Int
    public var grade: String

    public init(year: Int, grade: String) {
        self.year = year
        self.grade = grade
    }
}

/// A disciplinary sanction on record.
public struct SanctionRecord: Sendable, Hashable, Codable {
    public var kind: String
    public var starts: CalendarDay
    /// The sanction's recorded last day, when one was recorded.
    public var ends: CalendarDay?
    public var revoked: Bool

    public init(kind: String, starts: CalendarDay, ends: CalendarDay? = nil, revoked: Bool = false) {
        self.kind = kind
        self.starts = starts
        self.ends = ends
        self.revoked = revoked
    }
}

/// A merit awarded to the officer.
public struct MeritAward: Sendable, Hashable, Codable {
    public var kind: String
    public var awarded: CalendarDay

    public init(kind: String, awarded: CalendarDay) {
        self.kind = kind
        self.awarded = awarded
    }
}

/// A law-enforcement qualification level passed.
public struct QualificationRecord: Sendable, Hashable, Codable {
    public var level: String
    public var passed: CalendarDay
    /// The last valid day when recorded; otherwise the level's validity from the policy applies.
    public var validUntil: CalendarDay?

    public init(level: String, passed: CalendarDay, validUntil: CalendarDay? = nil) {
        self.level = level
        self.passed = passed
        self.validUntil = validUntil
    }
}

/// Police-college training completed for a rank tier.
public struct CollegeTrainingRecord: Sendable, Hashable, Codable {
    /// The rank the training prepares for.
    public var rank: String
    public var completed: CalendarDay

    public init(rank: String, completed: CalendarDay) {
        self.rank = rank
        self.completed = completed
    }
}
