/// The sittings a caller reaches: those organised by units in their scope, and those they proctor.
///
/// Trainers and admins reach sittings through their unit scope (a trainer of the East district
/// manages the East district's sittings); a proctor reaches the sittings assigned to them, wherever
/// they are held.
public struct SittingScope: Sendable, Hashable {
    /// The organising units reached.
    public var units: OfficerScope
    /// The account whose proctored sittings are reached as well.
    public var proctorUserID: Int64?

    public init(units: OfficerScope, proctorUserID: Int64? = nil) {
        self.units = units
        self.proctorUserID = proctorUserID
    }

    /// Whether the scope reaches no sitting at all.
    public var isEmpty: Bool { units.isEmpty && proctorUserID == nil }
}
