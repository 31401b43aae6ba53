/// An action class that needs roles: the one table both gates read.
///
/// The HTTP route table admits a caller to a route when they hold one of the permission's roles;
/// the use case then decides which records that caller reaches (see ``OfficerScope``). Keeping the
/// roles here means a rule such as "HR reads the roster" is written once.
public enum Permission: String, Sendable, CaseIterable {
    /// Read officers' records and lists.
    case readRoster
    /// Add and change officers by roster import.
    case importRoster
    /// Import HR records (assessments, sanctions, …).
    case importRecords
    /// Read the unit tree.
    case readUnits
    /// Create, rename and move units.
    case importUnits
    /// Read question banks.
    case readBanks
    /// Import question banks.
    case importBanks
    /// Read training tracks.
    case readTracks
    /// Load training track files.
    case loadTracks
    /// Read exam definitions.
    case readExams
    /// Create exam definitions from blueprints.
    case manageExams
    /// Read the sittings of one's scope (trainers, admins; proctors also those assigned to them).
    case readSittings
    /// Schedule, move and cancel sittings and enroll candidates.
    case manageSittings
    /// Watch a sitting's candidates and extend or void an attempt (proctors of the sitting,
    /// trainers and admins of its unit).
    case proctorSittings
    /// Mark essays and practical stations, void items and regrade exams (trainers and admins of
    /// the sitting's unit).
    case gradeAttempts
    /// Record training attendance and hours.
    case importTraining
    /// Read who holds the tracks' certificates.
    case readCompliance
    /// Read who is ready for promotion, and why (HR and admins, within their units).
    case readReadiness
    /// Freeze promotion rounds and record promotions from them (HR and admins, within their units).
    case managePromotions
    /// Read the promotion policy.
    case readPolicy
    /// Load a new policy version.
    case loadPolicy
    /// Manage accounts and roles.
    case manageUsers
    /// Read the audit log.
    case readAudit

    /// The roles that carry this permission (each within its unit scope, where it has one).
    public var roles: Set<Role> {
        switch self {
        case .readRoster, .importRecords, .readReadiness, .managePromotions: [.hr, .admin]
        case .importRoster, .importUnits, .loadPolicy, .manageUsers, .readAudit: [.admin]
        case .readUnits, .readTracks: Set(Role.allCases)
        case .loadTracks, .importTraining, .readExams, .manageExams, .manageSittings, .gradeAttempts:
            [.trainer, .admin]
        case .readSittings, .proctorSittings: [.proctor, .trainer, .admin]
        case .readBanks, .importBanks: [.trainer, .admin]
        case .readPolicy, .readCompliance: [.hr, .trainer, .admin]
        }
    }

    /// Whether the action concerns the whole force, so only an unscoped grant carries it: an
    /// admin of one district may not make accounts, read everyone's audit trail or change the
    /// force's promotion policy.
    public var needsWholeForce: Bool {
        switch self {
        case .manageUsers, .readAudit, .loadPolicy: true
        default: false
        }
    }
}

/// The officers a caller reaches for one permission: the whole force, some unit subtrees, and
/// (for officer accounts) their own record.
///
/// Lists are filtered by it in SQL; a single officer outside it is "not found", never "forbidden",
/// so a caller cannot learn that a badge exists elsewhere.
public struct OfficerScope: Sendable, Hashable {
    /// Whether every officer is reachable.
    public var wholeForce: Bool
    /// Codes of units whose whole subtree is reachable.
    public var unitRoots: [String]
    /// A badge reachable on its own: the caller's own record.
    public var ownBadge: String?

    /// Creates a scope.
    public init(wholeForce: Bool = false, unitRoots: [String] = [], ownBadge: String? = nil) {
        self.wholeForce = wholeForce
        self.unitRoots = Array(Set(unitRoots)).sorted()
        self.ownBadge = ownBadge
    }

    /// Every officer.
    public static let wholeForce = OfficerScope(wholeForce: true)

    /// Whether the scope reaches no officer at all.
    public var isEmpty: Bool { !wholeForce && unitRoots.isEmpty && ownBadge == nil }
}

extension Principal {
    /// Whether the principal holds a role that carries `permission`: in any scope, or unscoped
    /// for a permission that ``Permission/needsWholeForce``.
    public func holds(_ permission: Permission) -> Bool {
        grants.contains { permission.roles.contains($0.role) && (!permission.needsWholeForce || $0.unitScope == nil) }
    }

    /// The officers the principal reaches through `permission`.
    ///
    /// An unscoped grant of one of the permission's roles reaches the whole force; scoped grants
    /// reach their unit subtrees. With `includingOwnRecord`, an account linked to a badge also
    /// reaches that officer's own record.
    public func officerScope(for permission: Permission, includingOwnRecord: Bool = false) -> OfficerScope {
        let grants = grants.filter { permission.roles.contains($0.role) }
        if grants.contains(where: { $0.unitScope == nil }) { return .wholeForce }
        return OfficerScope(
            unitRoots: grants.compactMap(\.unitScope),
            ownBadge: includingOwnRecord ? badge : nil
        )
    }
}
