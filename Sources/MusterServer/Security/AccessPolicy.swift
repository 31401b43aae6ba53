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
        "GET /banks": .roles([.trainer, .admin]),
        "POST /banks/import": .roles([.trainer, .admin]),
        "GET /banks/{bank}": .roles([.trainer, .admin]),
        "GET /users": .roles([.admin]),
        "POST /users": .roles([.admin]),
        "GET /audit": .roles([.admin]),
        "GET /policy": .roles([.hr, .trainer, .admin]),
        "POST /policy": .roles([.admin]),
        "GET /officers": .roles([.hr, .admin]),
        "GET /officers/{badge}": .roles([.hr, .admin]),
        "POST /officers/import": .roles([.admin]),
        "POST /records/{kind}/import": .roles([.hr, .admin]),
    ]

    /// The decision for a route, if one was made.
    public static func access(_ method: HTTPRequest.Method, _ path: String) -> Access? {
        decisions["\(method.rawValue) \(path)"]
    }
}
