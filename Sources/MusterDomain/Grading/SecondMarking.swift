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
    /// for them (two marks agree, or another person moderated it).
    ///
    /// A marker who already marked the position replaces their own mark. Without double marking
    /// (`policy` nil) every mark is the first and replaces the earlier one, whoever gave it.
    ///
    /// - Parameters:
    ///   - marker: Who marks now.
    ///   - holders: Who gave the position's existing marks, by role.
    ///   - awaiting: What the position waits for now (nil when decided).
    ///   - policy: The exam's double marking, if any.
    public static func role(
        for marker: String, holders: [MarkerRole: String], awaiting: ItemMark.Awaiting?, policy: SecondMarking?
    ) -> MarkerRole? {
        if let own = MarkerRole.allCases.first(where: { holders[$0] == marker }) { return own }
        guard policy != nil else { return .first }
        if holders[.first] == nil { return .first }
        if holders[.second] == nil { return .second }
        return awaiting == .moderation && holders[.moderator] == nil ? .moderator : nil
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
