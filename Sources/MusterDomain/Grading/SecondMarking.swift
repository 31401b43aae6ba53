/// Double marking of the positions people mark (essays and practical stations): two markers mark
/// each position independently; marks that agree within the tolerance are averaged, and marks
/// further apart go to moderation, where a third person's mark decides.
public struct SecondMarking: Sendable, Hashable, Codable {
    /// How far apart two marks may be, as a percentage of the position's points, and still agree.
    public var tolerancePercent: Double

    public init(tolerancePercent: Double) {
        self.tolerancePercent = tolerancePercent
    }

    /// Whether two marks, each a fraction of the position's points, agree.
    public func agrees(_ first: Double, _ second: Double) -> Bool {
        abs(first - second) * 100 <= tolerancePercent + 1e-9
    }

    /// The role a marker's mark takes at a position, or nil when the position has no role left
    /// for them.
    ///
    /// Without double marking (`policy` nil) every mark is the first and replaces the earlier
    /// one, whoever gave it. With it the markers stay independent: the first marker may correct
    /// their mark only until the second marker has marked; the second marker's mark stands once
    /// given (it settles agreement or moderation, and they have seen the outcome); the moderator
    /// may correct theirs, which decides. A third person marks only in moderation.
    ///
    /// - Parameters:
    ///   - marker: Who marks now.
    ///   - holders: Who gave the position's existing marks, by role.
    ///   - awaiting: What the position waits for now (nil when decided).
    ///   - policy: The exam's double marking, if any.
    public static func role(
        for marker: String, holders: [MarkerRole: String], awaiting: ItemMark.Awaiting?, policy: SecondMarking?
    ) -> MarkerRole? {
        guard policy != nil else { return .first }
        switch MarkerRole.allCases.first(where: { holders[$0] == marker }) {
        case .first?: return holders[.second] == nil ? .first : nil
        case .second?: return nil
        case .moderator?: return .moderator
        case nil: break
        }
        if holders[.first] == nil { return .first }
        if holders[.second] == nil { return .second }
        return awaiting == .moderation && holders[.moderator] == nil ? .moderator : nil
    }

    /// Why `marker` has no role at a position (see ``role(for:holders:awaiting:policy:)``), in
    /// words.
    public static func refusal(
        for marker: String, holders: [MarkerRole: String], position: Int, attempt: Int64
    ) -> String {
        let place = "position \(position) of attempt \(attempt)"
        if holders[.first] == marker {
            return "Your first mark at \(place) stands: \(holders[.second] ?? "a second marker") has marked it since."
        }
        if holders[.second] == marker {
            return "Your second mark at \(place) stands; marks that disagree go to a moderator."
        }
        if let moderator = holders[.moderator] {
            return "Position \(position) of attempt \(attempt) was moderated by \(moderator)."
        }
        return
            "Position \(position) of attempt \(attempt) has been marked by \(holders[.first] ?? "one marker") and \(holders[.second] ?? "another")"
            + " and is not in moderation: it needs no more marks."
    }
}

/// Who gave a manual mark.
public enum MarkerRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// The first marker (the only one without double marking).
    case first
    /// The second, independent marker.
    case second
    /// The moderator, whose mark decides when the two markers disagree beyond the tolerance.
    case moderator
}

/// The marks people gave one position, by role.
public struct PositionMarking: Sendable, Hashable {
    public var first: ManualMark?
    public var second: ManualMark?
    public var moderator: ManualMark?

    public init(first: ManualMark? = nil, second: ManualMark? = nil, moderator: ManualMark? = nil) {
        self.first = first
        self.second = second
        self.moderator = moderator
    }

    /// The mark given in `role`.
    public subscript(role: MarkerRole) -> ManualMark? {
        get {
            switch role {
            case .first: first
            case .second: second
            case .moderator: moderator
            }
        }
        set {
            switch role {
            case .first: first = newValue
            case .second: second = newValue
            case .moderator: moderator = newValue
            }
        }
    }

    /// Whether nobody has marked the position.
    public var isEmpty: Bool { first == nil && second == nil && moderator == nil }
}
