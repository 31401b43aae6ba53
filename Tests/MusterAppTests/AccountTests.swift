import Foundation
import MusterDomain
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Accounts, sessions and login back-off")
struct AccountTests {
    static let admin = AuditActor(name: "local:root", role: "operator")

    static func useCases(_ database: Database, clock: TestClock = TestClock()) -> UseCases {
        UseCases(
            database: database, clock: clock.wallClock, passwordHasher: PasswordHasher(cost: 4), logger: database.logger
        )
    }

    static func addTrainer(_ useCases: UseCases) async throws {
        _ = try await useCases.addUser(
            NewAccount(
                username: "li.trainer", displayName: "李教官", password: "correct horse 42",
                grants: [RoleGrant(role: .trainer)]),
            actor: admin
        )
    }

    @Test("a user signs in, is recognised by token, and signs out; the password is stored only as bcrypt")
    func loginLogout() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = Self.useCases(database)
            try await Self.addTrainer(useCases)
            let session = try await useCases.login(username: "li.trainer", password: "correct horse 42")
            #expect(session.roles == ["trainer"])
            let principal = try #require(try await useCases.authenticate(token: session.token))
            #expect(principal.username == "li.trainer")
            #expect(principal.roles == [.trainer])
            try await useCases.logout(token: session.token)
            #expect(try await useCases.authenticate(token: session.token) == nil)

            let rows = try await database.client.query(
                "SELECT password_hash, (SELECT count(*) FROM sessions WHERE token_hash = \(session.token)) FROM users")
            for try await (hash, plainTokens) in rows.decode((String, Int).self) {
                #expect(hash.hasPrefix("$2"))
                #expect(!hash.contains("correct horse"))
                #expect(plainTokens == 0)
            }
        }
    }

    @Test("five wrong passwords lock the account for fifteen minutes; unknown users get the same answer")
    func lockout() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let clock = TestClock()
            let useCases = Self.useCases(database, clock: clock)
            try await Self.addTrainer(useCases)
            for _ in 0..<5 {
                await #expect { try await useCases.login(username: "li.trainer", password: "wrong password") } throws: {
                    ($0 as? MusterError)?.code == "invalid_credentials"
                }
            }
            await #expect { try await useCases.login(username: "li.trainer", password: "correct horse 42") } throws: {
                ($0 as? MusterError)?.code == "login_locked"
            }
            await #expect { try await useCases.login(username: "nobody.here", password: "whatever 123") } throws: {
                ($0 as? MusterError)?.code == "invalid_credentials"
            }
            clock.advance(by: 15 * 60 + 1)
            let session = try await useCases.login(username: "li.trainer", password: "correct horse 42")
            #expect(!session.token.isEmpty)
            let locked = try await useCases.auditEntries(AuditFilter(entityType: "user")).map(\.action)
            #expect(locked == ["user.add", "user.locked"])
        }
    }

    @Test("sessions expire; disabling an account or changing its password ends its sessions")
    func sessionsEnd() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let clock = TestClock()
            let useCases = Self.useCases(database, clock: clock)
            try await Self.addTrainer(useCases)
            let first = try await useCases.login(username: "li.trainer", password: "correct horse 42")
            clock.advance(by: 12 * 60 * 60 + 1)
            #expect(try await useCases.authenticate(token: first.token) == nil)

            let second = try await useCases.login(username: "li.trainer", password: "correct horse 42")
            try await useCases.changePassword(username: "li.trainer", to: "battery staple 99", actor: Self.admin)
            #expect(try await useCases.authenticate(token: second.token) == nil)

            let third = try await useCases.login(username: "li.trainer", password: "battery staple 99")
            try await useCases.setDisabled(username: "li.trainer", disabled: true, actor: Self.admin)
            #expect(try await useCases.authenticate(token: third.token) == nil)
            await #expect { try await useCases.login(username: "li.trainer", password: "battery staple 99") } throws: {
                ($0 as? MusterError)?.code == "invalid_credentials"
            }
        }
    }

    @Test("roles can be limited to a unit subtree; bad input is refused before anything is written")
    func rolesAndValidation() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = Self.useCases(database)
            _ = try await useCases.seedDemoDataIfEmpty()
            try await Self.addTrainer(useCases)
            try await useCases.setRoles(
                username: "li.trainer",
                grants: [RoleGrant(role: .trainer, unitScope: "PSB.EAST"), RoleGrant(role: .hr)],
                actor: Self.admin
            )
            let account = try #require(try await useCases.listUsers().first { $0.username == "li.trainer" })
            #expect(account.grants.map(\.description).sorted() == ["hr", "trainer:PSB.EAST"])
            await #expect {
                try await useCases.setRoles(
                    username: "li.trainer", grants: [RoleGrant(role: .hr, unitScope: "NOWHERE")], actor: Self.admin)
            } throws: {
                ($0 as? MusterError)?.code == "unknown_unit"
            }
            let accountsBefore = try await useCases.listUsers().count
            for (account, code) in [
                (
                    NewAccount(username: "X", displayName: "x", password: "long enough pw", grants: []),
                    "invalid_username"
                ),
                (NewAccount(username: "short.pw", displayName: "x", password: "short", grants: []), "weak_password"),
                (
                    NewAccount(username: "li.trainer", displayName: "x", password: "long enough pw", grants: []),
                    "user_exists"
                ),
            ] {
                await #expect { try await useCases.addUser(account, actor: Self.admin) } throws: {
                    ($0 as? MusterError)?.code == code
                }
            }
            #expect(try await useCases.listUsers().count == accountsBefore)
            #expect(throws: MusterError.self) { try RoleGrant(parsing: "superuser") }
        }
    }
}
