import Foundation

/// One officer's attempt at an exam in a sitting: the form drawn for them, when they were admitted
/// and when their time ends. The server's clock decides; the deadline is stored, never computed by
/// a client.
public struct Attempt: Sendable, Hashable, Codable {
    /// Where the attempt stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Answers are being given.
        case active
        /// Handed in by the candidate, by the server at the deadline, or by a proctor.
        case submitted
        /// Cancelled by a proctor; it is never graded.
        case voided
    }

    public var id: Int64
    public var sitting: String
    public var exam: String
    public var examVersion: Int
    public var badge: String
    /// Which attempt at the exam this is for the officer (1 for the first).
    public var number: Int
    public var admittedAt: Date
    public var deadline: Date
    public var status: Status
    public var submittedAt: Date?
    /// Who handed it in: `candidate`, `auto` (the deadline passed) or a proctor's username.
    public var submittedBy: String?
    /// When a proctor stopped the clock, while it is stopped.
    public var pausedAt: Date?

    public init(
        id: Int64, sitting: String, exam: String, examVersion: Int, badge: String, number: Int, admittedAt: Date,
        deadline: Date, status: Status = .active, submittedAt: Date? = nil, submittedBy: String? = nil,
        pausedAt: Date? = nil
    ) {
        self.id = id
        self.sitting = sitting
        self.exam = exam
        self.examVersion = examVersion
        self.badge = badge
        self.number = number
        self.admittedAt = admittedAt
        self.deadline = deadline
        self.status = status
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.pausedAt = pausedAt
    }

    /// When time ends for a candidate admitted at `admittedAt`: the time limit plus their extra
    /// minutes, but never after the sitting closes.
    public static func deadline(
        admittedAt: Date, timeLimitMinutes: Int, accommodationMinutes: Int, sittingEnd: Date
    ) -> Date {
        min(admittedAt.addingTimeInterval(Double((timeLimitMinutes + accommodationMinutes) * 60)), sittingEnd)
    }

    /// Whole seconds left at `now` (0 once the deadline has passed); while paused, what was left
    /// when the clock stopped.
    public func secondsRemaining(at now: Date) -> Int {
        max(0, Int(deadline.timeIntervalSince(pausedAt ?? now).rounded(.up)))
    }

    /// Whether a save arriving at `now` is still taken: the attempt is active, not paused, and the
    /// deadline plus the grace for answers in flight has not passed.
    public func acceptsAnswers(at now: Date, grace: TimeInterval) -> Bool {
        status == .active && pausedAt == nil && now <= deadline.addingTimeInterval(grace)
    }
}

/// The state of one position on a form: the latest answer saved and whether it is flagged.
public struct SavedAnswer: Sendable, Hashable, Codable {
    public var position: Int
    public var sequence: Int64
    public var answer: CandidateAnswer?
    public var flagged: Bool

    public init(position: Int, sequence: Int64, answer: CandidateAnswer?, flagged: Bool) {
        self.position = position
        self.sequence = sequence
        self.answer = answer
        self.flagged = flagged
    }
}

/// The form drawn for an attempt, with the items it draws (keys included: it never leaves the
/// server as it is; candidates see ``candidateItems``).
public struct AttemptForm: Sendable, Hashable, Codable {
    public var entries: [FormEntry]
    /// The items graded against, by id (the drawn items, or a whole bank version's).
    public var items: ItemCatalog

    public init(entries: [FormEntry], items: [String: Item]) {
        self.entries = entries
        self.items = ItemCatalog(items)
    }

    /// A form over a catalog built once and shared, as regrading does for every attempt.
    public init(entries: [FormEntry], catalog: ItemCatalog) {
        self.entries = entries
        self.items = catalog
    }

    /// The form as the candidate sees it, in position order.
    public var candidateItems: [CandidateItem] {
        entries.compactMap { entry in items[entry.itemID].map { CandidateItem($0, at: entry) } }
    }

    /// The entry and item at a 1-based position, if the form has it.
    public func item(at position: Int) -> (entry: FormEntry, item: Item)? {
        guard let entry = entries.first(where: { $0.position == position }), let item = items[entry.itemID] else {
            return nil
        }
        return (entry, item)
    }
}
