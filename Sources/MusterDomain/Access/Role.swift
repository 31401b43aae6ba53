/// What a user may do in Muster. A user may hold several roles.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Sees their own records and takes their own exams.
    case officer
    /// Runs the sittings assigned to them.
    case proctor
    /// Maintains banks, tracks, exams and sittings; marks and regrades.
    case trainer
    /// Reads the roster, records and readiness; writes HR records.
    case hr
    /// Manages users, policy and everything administrative.
    case admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A role held by a user, optionally limited to a unit and everything below it.
public struct RoleGrant: Sendable, Hashable, Codable {
    public var role: Role
    /// The code of the unit subtree the role applies to; nil means the whole force.
    public var unitScope: String?

    public init(role: Role, unitScope: String? = nil) {
        self.role = role
        self.unitScope = unitScope
    }

    /// Reads `trainer` or `trainer:PSB.EAST`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let first = parts.first, let role = Role(rawValue: first.lowercased()) else {
            throw MusterError(
                .invalidInput,
                code: "invalid_role",
                "'\(text)' is not a role; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), optionally with :UNIT."
            )
        }
        self.init(role: role, unitScope: parts.count == 2 && !parts[1].isEmpty ? parts[1] : nil)
    }

    /// `trainer` or `trainer:PSB.EAST`.
    public var description: String { unitScope.map { "\(role.rawValue):\($0)" } ?? role.rawValue }
}

/// A signed-in user as the service sees them on a request.
public struct Principal: Sendable, Hashable, Codable {
    public var userID: Int64
    public var username: String
    public var displayName: String
    public var badge: String?
    public var grants: [RoleGrant]

    public init(userID: Int64, username: String, displayName: String, badge: String?, grants: [RoleGrant]) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.badge = badge
        self.grants = grants
    }

    /// The operator at the machine running `muster` in-process, who acts as an unscoped admin
    /// and is named in the audit log as `name`.
    public static func localOperator(name: String) -> Principal {
        Principal(userID: 0, username: name, displayName: name, badge: nil, grants: [RoleGrant(role: .admin)])
    }

    /// The roles held, whatever their scope.
    public var roles: Set<Role> { Set(grants.map(\.role)) }
}
