/// An officer on the roster, with their current rank and post.
public struct Officer: Sendable, Hashable, Codable {
    /// Whether an officer serves on the front line (practical must-train applies) or in support.
    public enum DutyType: String, Sendable, Hashable, Codable, CaseIterable {
        case frontline, support
    }

    /// The badge number, unique across the force.
    public var badge: String
    public var name: String
    public var sex: Sex
    public var birthDate: CalendarDay
    /// The code of the officer's unit.
    public var unit: String
    public var hireDate: CalendarDay
    public var dutyType: DutyType
    /// The current rank's code in the active policy, and the day it was attained.
    public var rank: String
    public var rankSince: CalendarDay
    /// The current post's code in the active policy, and the day it was taken.
    public var post: String
    public var postSince: CalendarDay
    public var education: String

    public init(
        badge: String,
        name: String,
        sex: Sex,
        birthDate: CalendarDay,
        unit: String,
        hireDate: CalendarDay,
        dutyType: DutyType,
        rank: String,
        rankSince: CalendarDay,
        post: String,
        postSince: CalendarDay,
        education: String
    ) {
        self.badge = badge
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.unit = unit
        self.hireDate = hireDate
        self.dutyType = dutyType
        self.rank = rank
        self.rankSince = rankSince
        self.post = post
        self.postSince = postSince
        self.education = education
    }

    /// Whether `badge` is 1-32 ASCII letters, digits or dashes.
    public static func isValidBadge(_ badge: String) -> Bool {
        let bytes = badge.utf8
        return (1...32).contains(bytes.count)
            && bytes.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
            }
    }

    /// The officer's age in whole years on `day`.
    public func age(on day: CalendarDay) -> Int { birthDate.wholeYears(until: day) }
}

/// A rank or post the officer held from a day, as kept in history (never overwritten).
public struct HistoryEntry: Sendable, Hashable, Codable {
    public var code: String
    public var since: CalendarDay

    public init(code: String, since: CalendarDay) {
        self.code = code
        self.since = since
    }
}
