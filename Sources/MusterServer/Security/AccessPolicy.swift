import HTTPTypes
import MusterDomain

/// Who may call a route.
public enum Access: Sendable, Equatable {
    /// Anyone, signed in or not.
    case everyone
    /// Any signed-in user.
    case signedIn
    /// Signed-in users holding at least one of these roles.
    case roles(Set<Role>)

    /// Signed-in users holding a role that carries `permission` (the use case then decides
    /// which records they reach).
    public static func permission(_ permission: Permission) -> Access { .roles(permission.roles) }

    /// Whether a caller with `principal` (nil when not signed in) may call the route.
    public func allows(_ principal: Principal?) -> Bool {
        switch self {
        case .everyone: true
        case .signedIn: principal != nil
        case .roles(let roles): !(principal?.roles.isDisjoint(with: roles) ?? true)
        }
    }
}

/// The one place that decides who may call each route.
///
/// Keys are `METHOD /path` exactly as the OpenAPI document writes them. A route registered without
/// a decision here refuses every caller, and the access-matrix test fails until one is added.
public enum AccessPolicy {
    public static let decisions: [String: Access] = [
        "GET /health": .everyone,
        "GET /ready": .everyone,
        "GET /metrics": .everyone,
        "GET /openapi.yaml": .everyone,
        "POST /auth/login": .everyone,
        "POST /auth/logout": .signedIn,
        "GET /auth/me": .signedIn,
        "GET /banks": .permission(.readBanks),
        "POST /banks/import": .permission(.importBanks),
        "GET /banks/{bank}": .permission(.readBanks),
        "GET /users": .permission(.manageUsers),
        "POST /users": .permission(.manageUsers),
        "GET /audit": .permission(.readAudit),
        "GET /policy": .permission(.readPolicy),
        "POST /policy": .permission(.loadPolicy),
        "GET /officers": .permission(.readRoster),
        "GET /officers/me": .signedIn,
        // Any signed-in user: the use case answers 404 for every badge outside the caller's reach,
        // so an officer reads their own record by badge and learns nothing about others.
        "GET /officers/{badge}": .signedIn,
        "POST /officers/import": .permission(.importRoster),
        "POST /records/{kind}/import": .permission(.importRecords),
        "GET /units": .permission(.readUnits),
        "POST /units/import": .permission(.importUnits),
        "GET /tracks": .permission(.readTracks),
        "GET /compliance": .permission(.readCompliance),
        "GET /readiness": .permission(.readReadiness),
        "POST /sittings/{sitting}/release": .permission(.gradeAttempts),
        // Any signed-in user: the use case answers 404 outside the caller's reach (an officer
        // reaches only their own badge).
        "GET /officers/{badge}/readiness": .signedIn,
        "GET /me/readiness": .signedIn,
        "GET /promotions/rounds": .permission(.managePromotions),
        "POST /promotions/rounds": .permission(.managePromotions),
        "GET /promotions/rounds/{round}": .permission(.managePromotions),
        "POST /promotions/rounds/{round}/promotions": .permission(.managePromotions),
        "POST /training/import": .permission(.importTraining),
        "GET /exams": .permission(.readExams),
        "GET /exams/{exam}": .permission(.readExams),
        "POST /exams": .permission(.manageExams),
        "GET /tracks/{track}": .permission(.readTracks),
        "GET /sittings": .permission(.readSittings),
        "POST /sittings": .permission(.manageSittings),
        "GET /sittings/{sitting}": .permission(.readSittings),
        "POST /sittings/{sitting}/enrollments": .permission(.manageSittings),
        "DELETE /sittings/{sitting}/enrollments/{badge}": .permission(.manageSittings),
        "POST /sittings/{sitting}/reschedule": .permission(.manageSittings),
        "POST /sittings/{sitting}/cancel": .permission(.manageSittings),
        // Every signed-in user: an account linked to a badge lists that officer's own sittings.
        "GET /me/sittings": .signedIn,
        // Every signed-in user: the use cases answer only for the caller's own place and attempt.
        "POST /sittings/{sitting}/attempts": .signedIn,
        "GET /attempts/{attempt}": .signedIn,
        "PUT /attempts/{attempt}/answers/{position}": .signedIn,
        "GET /attempts/{attempt}/stream": .signedIn,
        "POST /attempts/{attempt}/submit": .signedIn,
        "GET /sittings/{sitting}/monitor": .permission(.proctorSittings),
        "POST /attempts/{attempt}/extend": .permission(.proctorSittings),
        "POST /attempts/{attempt}/pause": .permission(.proctorSittings),
        "POST /attempts/{attempt}/resume": .permission(.proctorSittings),
        "POST /attempts/{attempt}/void": .permission(.proctorSittings),
        // Every signed-in user: an account linked to a badge reads that officer's own results.
        "GET /me/results": .signedIn,
        "GET /grading/queue": .permission(.gradeAttempts),
        "POST /attempts/{attempt}/marks/{position}": .permission(.gradeAttempts),
    ]

    /// The decision for a route, if one was made.
    public static func access(_ method: HTTPRequest.Method, _ path: String) -> Access? {
        decisions["\(method.rawValue) \(path)"]
    }
}
