import Foundation
import Hummingbird
import MusterApp
import MusterDomain

/// Sign-in, sessions, accounts and the audit log.
struct AccountRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.post, "/auth/login", login)
        routes.add(.post, "/auth/logout") { request, context -> Response in
            if let token = request.bearerToken { try await useCases.logout(token: token) }
            return Response(status: .noContent)
        }
        routes.add(.get, "/auth/me") { _, context in Me(principal: try context.requirePrincipal()) }
        routes.add(.get, "/users") { _, context in
            UserList(users: try await useCases.listUsers(context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/users", addUser)
        routes.add(.get, "/audit", audit)
    }

    /// `{"username": "…", "password": "…"}`, or `{"badge": "…", "password": "…"}` at an exam-room
    /// terminal.
    struct LoginRequest: Decodable {
        var username: String?
        var badge: String?
        var password: String
    }

    @Sendable func login(_ request: Request, context: MusterRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: LoginRequest.self, context: context)
        let session: SessionToken
        switch (body.username, body.badge) {
        case (let username?, nil):
            guard username.count <= 64, body.password.utf8.count <= 1024 else {
                throw MusterError(.unauthenticated, code: "invalid_credentials", "The username or password is wrong.")
            }
            session = try await useCases.login(
                SignIn(username: username, password: body.password, client: context.clientAddress))
        case (nil, let badge?):
            guard badge.count <= 32, body.password.utf8.count <= 1024 else {
                throw MusterError(.unauthenticated, code: "invalid_credentials", "The badge or password is wrong.")
            }
            session = try await useCases.login(badge: badge, password: body.password, client: context.clientAddress)
        default:
            throw MusterError(
                .invalidInput, code: "invalid_credentials_shape",
                "Give either a username or a badge, with the password.")
        }
        return try context.responseEncoder.encode(session, from: request, context: context)
    }

    struct NewUserRequest: Decodable {
        var username: String
        var displayName: String
        var password: String
        var badge: String?
        var roles: [String]
    }

    @Sendable func addUser(_ request: Request, context: MusterRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: NewUserRequest.self, context: context)
        guard body.roles.count <= Role.allCases.count else {
            throw MusterError(.invalidInput, code: "invalid_role", "Give each role at most once.")
        }
        let account = try await useCases.addUser(
            NewAccount(
                username: body.username,
                displayName: body.displayName,
                password: body.password,
                badge: body.badge,
                grants: try body.roles.map(RoleGrant.init(parsing:))
            ),
            context: try context.caller(of: useCases)
        )
        return try context.responseEncoder.encode(account, from: request, context: context).withStatus(.created)
    }

    @Sendable func audit(_ request: Request, context: MusterRequestContext) async throws -> AuditList {
        let query = request.uri.queryParameters
        var since: Date?
        if let text = query["since"] {
            guard let date = ISO8601DateFormatter().date(from: String(text)) else {
                throw MusterError(
                    .invalidInput, code: "invalid_since", "since must be an ISO 8601 time such as 2026-01-31T00:00:00Z."
                )
            }
            since = date
        }
        let limit = try query["limit"].map { text -> Int in
            guard let value = Int(text), (1...10_000).contains(value) else {
                throw MusterError(.invalidInput, code: "invalid_limit", "limit must be a whole number from 1 to 10000.")
            }
            return value
        }
        func bounded(_ name: String, _ maximum: Int) throws -> String? {
            guard let value = query[Substring(name)].map(String.init) else { return nil }
            guard value.count <= maximum else {
                throw MusterError(
                    .invalidInput, code: "invalid_\(name)", "\(name) may have at most \(maximum) characters.")
            }
            return value
        }
        let filter = AuditFilter(
            since: since,
            actor: try bounded("actor", 200),
            entityType: try bounded("entityType", 100),
            entityID: try bounded("entityID", 200),
            limit: limit ?? 1000
        )
        return AuditList(entries: try await useCases.auditEntries(filter, context: try context.caller(of: useCases)))
    }

    struct Me: ResponseEncodable {
        var principal: Principal
        func encode(to encoder: any Encoder) throws { try principal.encode(to: encoder) }
    }

    struct UserList: ResponseEncodable {
        var users: [Account]
    }

    struct AuditList: ResponseEncodable {
        var entries: [AuditEntry]
    }
}

extension SessionToken: ResponseEncodable {}
extension Account: ResponseEncodable {}
