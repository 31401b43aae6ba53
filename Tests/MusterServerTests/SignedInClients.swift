import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MusterApp
import MusterDomain
import MusterStore
import MusterTestSupport
import Prometheus

@testable import MusterServer

/// Test accounts, one per role, and their session tokens.
struct SignedInClients {
    /// A session token per role.
    var tokens: [Role: String] = [:]

    /// Creates one user per role on `useCases`' database and signs each in.
    static func make(_ useCases: UseCases) async throws -> SignedInClients {
        var clients = SignedInClients()
        for role in Role.allCases {
            let username = "test.\(role.rawValue)"
            _ = try await useCases.addUser(
                NewAccount(
                    username: username, displayName: role.rawValue, password: "password-\(role.rawValue)-1",
                    grants: [RoleGrant(role: role)]),
                context: useCases.operatorContext(name: "test")
            )
            clients.tokens[role] = try await useCases.login(
                SignIn(username: username, password: "password-\(role.rawValue)-1", client: "test")
            ).token
        }
        return clients
    }

    /// Headers that sign in as `role`.
    func headers(_ role: Role?) -> HTTPFields {
        guard let role, let token = tokens[role] else { return [:] }
        return [.authorization: "Bearer \(token)"]
    }
}

/// Use cases with a fast password hasher, for tests.
func testUseCases(_ database: Database) -> UseCases {
    UseCases(database: database, passwordHasher: PasswordHasher(cost: 4), logger: database.logger)
}

/// The application under test, with every route, behind the server's doors.
func testApplication(_ useCases: UseCases) -> some ApplicationProtocol {
    Application(router: behindDoors(buildRouter(useCases: useCases, metrics: PrometheusCollectorRegistry())))
}
