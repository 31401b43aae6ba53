import Foundation

/// A scheduled session of one exam at one venue: a window of time, a number of terminals, an
/// access code candidates type to start, and the proctor who runs it.
public struct Sitting: Sendable, Hashable, Codable {
    /// Whether the sitting will take place.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case scheduled, cancelled
    }

    /// A readable code such as `S20261202-01` (the bureau's day of the start, then its ordinal).
    public var code: String
    public var exam: String
    /// The exam version candidates of this sitting take, pinned when it was scheduled.
    public var examVersion: Int
    /// The organising unit, which decides which trainers manage the sitting.
    public var unit: String
    public var venue: String
    /// Terminals at the venue: at most this many candidates.
    public var capacity: Int
    public var startsAt: Date
    public var endsAt: Date
    /// The code candidates type to start their attempt (never shown to candidates by Muster).
    public var accessCode: String
    /// The username of the proctor who runs the sitting, if one is assigned.
    public var proctor: String?
    public var status: Status
    /// Why the sitting was cancelled.
    public var cancelReason: String?
    /// Candidates enrolled and not withdrawn.
    public var enrolled: Int

    public init(
        code: String, exam: String, examVersion: Int, unit: String, venue: String, capacity: Int, startsAt: Date,
        endsAt: Date, accessCode: String, proctor: String?, status: Status = .scheduled, cancelReason: String? = nil,
        enrolled: Int = 0
    ) {
        self.code = code
        self.exam = exam
        self.examVersion = examVersion
        self.unit = unit
        self.venue = venue
        self.capacity = capacity
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.accessCode = accessCode
        self.proctor = proctor
        self.status = status
        self.cancelReason = cancelReason
        self.enrolled = enrolled
    }

    /// The window's length in whole minutes.
    public var windowMinutes: Int { Int(endsAt.timeIntervalSince(startsAt) / 60) }

    /// Seats still free.
    public var seatsLeft: Int { max(0, capacity - enrolled) }

    /// Whether the window overlaps `other`'s (touching ends do not overlap).
    public func overlaps(start: Date, end: Date) -> Bool { startsAt < end && start < endsAt }
}

/// One candidate's place in a sitting.
public struct Enrollment: Sendable, Hashable, Codable {
    /// Whether the place is held.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case enrolled, withdrawn
    }

    public var badge: String
    public var name: String
    public var unit: String
    /// Extra minutes this candidate is allowed beyond the exam's time limit.
    public var accommodationMinutes: Int
    public var status: Status

    public init(badge: String, name: String, unit: String, accommodationMinutes: Int, status: Status) {
        self.badge = badge
        self.name = name
        self.unit = unit
        self.accommodationMinutes = accommodationMinutes
        self.status = status
    }
}

/// A sitting an officer holds a place in, as the enrollment rules see it.
public struct Commitment: Sendable, Hashable, Codable {
    public var sitting: String
    public var exam: String
    public var startsAt: Date
    public var endsAt: Date

    public init(sitting: String, exam: String, startsAt: Date, endsAt: Date) {
        self.sitting = sitting
        self.exam = exam
        self.startsAt = startsAt
        self.endsAt = endsAt
    }
}
