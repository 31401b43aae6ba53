import Foundation
import MusterDomain
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Accounts, sessions and sign-in throttling")
struct AccountTests {
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
            context: useCases.admin
        )
    }

    @Test("a user signs in, is recognised by token, and signs out; the password is stored only as bcrypt")
    func loginLogout() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = Self.useCases(database)
            try await Self.addTrainer(useCases)
            let session = try await useCases.login(Self.signIn("li.trainer", "correct horse 42"))
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

    static func signIn(_ username: String, _ password: String, from client: String = "10.0.0.7") -> SignIn {
        SignIn(username: username, password: password, client: client)
    }

    /// The stable code of what signing in answers.
    static func outcome(_ useCases: UseCases, _ attempt: SignIn) async -> String {
        do {
            _ = try await useCases.login(attempt)
            return "ok"
        } catch let error as MusterError {
            return error.code
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test("wrong passwords slow down the terminal they come from, never lock the account for others")
    func throttlingPerClient() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let clock = TestClock()
            let useCases = Self.useCases(database, clock: clock)
            try await Self.addTrainer(useCases)
            var answers: [String] = []
            for _ in 0..<6 { answers.append(await Self.outcome(useCases, Self.signIn("li.trainer", "wrong password"))) }
            // Four free failures, then the fifth starts a 5 s wait, and the terminal must wait it out.
            #expect(
                answers == Array(repeating: "invalid_credentials", count: 4) + ["login_throttled", "login_throttled"])
            await #expect { try await useCases.login(Self.signIn("li.trainer", "correct horse 42")) } throws: {
                ($0 as? MusterError)?.code == "login_throttled" && ($0 as? MusterError)?.retryAfterSeconds == 5
            }
            // The officer at the next terminal is not locked out.
            let elsewhere = try await useCases.login(Self.signIn("li.trainer", "correct horse 42", from: "10.0.0.8"))
            #expect(!elsewhere.token.isEmpty)
            // Each further failure doubles the wait: 5 s, then 10 s.
            clock.advance(by: 6)
            #expect(await Self.outcome(useCases, Self.signIn("li.trainer", "wrong again")) == "login_throttled")
            await #expect { try await useCases.login(Self.signIn("li.trainer", "correct horse 42")) } throws: {
                ($0 as? MusterError)?.retryAfterSeconds == 10
            }
            clock.advance(by: 11)
            let session = try await useCases.login(Self.signIn("li.trainer", "correct horse 42"))
            #expect(!session.token.isEmpty)
            // Success forgets the terminal's failures: the next wrong password is free again.
            #expect(await Self.outcome(useCases, Self.signIn("li.trainer", "wrong password")) == "invalid_credentials")
        }
    }

    @Test("first attempts are never throttled, whatever the clock's digits below a microsecond")
    func subMicrosecondClock() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            // Instants a few nanoseconds past a microsecond: stored truncated, they can read back a
            // hair later than the clock's own value.
            for step in 0..<40 {
                let instant = Date(timeIntervalSince1970: 1_795_000_000 + Double(step) * 0.013_001 + 0.000_000_02)
                let useCases = Self.useCases(database, clock: TestClock(instant))
                let name = "nobody.\(step)"
                #expect(await Self.outcome(useCases, Self.signIn(name, "wrong")) == "invalid_credentials")
                #expect(await Self.outcome(useCases, Self.signIn(name, "wrong")) == "invalid_credentials")
            }
        }
    }

    @Test("unknown usernames and real ones answer alike, failure for failure")
    func unknownUsersAnswerAlike() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = Self.useCases(database)
            try await Self.addTrainer(useCases)
            var real: [String] = []
            var unknown: [String] = []
            for _ in 0..<7 {
                real.append(await Self.outcome(useCases, Self.signIn("li.trainer", "wrong password")))
                unknown.append(await Self.outcome(useCases, Self.signIn("nobody.here", "wrong password")))
            }
            #expect(real == unknown)
            #expect(real.contains("login_throttled"))
            #expect(!real.contains("login_locked"))
            let stored = try await database.client.query("SELECT count(*) FROM login_throttle")
            for try await rows in stored.decode(Int.self) { #expect(rows == 2) }
        }
    }

    @Test("a burst of parallel guesses from one terminal gets no more password checks than the free ones")
    func parallelBurst() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = Self.useCases(database)
            try await Self.addTrainer(useCases)
            let answers = await withTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask { await Self.outcome(useCases, Self.signIn("li.trainer", "guess")) }
                }
                var answers: [String] = []
                for await answer in group { answers.append(answer) }
                return answers
            }
            #expect(answers.filter { $0 == "invalid_credentials" }.count == 4)
            #expect(answers.filter { $0 == "login_throttled" }.count == 16)
        }
    }

    @Test("a name that cannot be a username answers like a wrong password and writes nothing")
    func impossibleUsernames() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = Self.useCases(database)
            for name in ["", "X", String(repeating: "a", count: 65), "nul\u{0}byte"] {
                #expect(await Self.outcome(useCases, Self.signIn(name, "whatever 123")) == "invalid_credentials")
            }
            let rows = try await database.client.query("SELECT count(*) FROM login_throttle")
            for try await count in rows.decode(Int.self) { #expect(count == 0) }
        }
    }

    @Test("an admin of one district cannot manage the force's accounts")
    func districtAdminManagesNoAccounts() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = Self.useCases(database)
            _ = try await useCases.ensureDemoUnits()
            let district = useCases.signedIn("east.admin", [RoleGrant(role: .admin, unitScope: "PSB.EAST")])
            let account = NewAccount(
                username: "new.admin", displayName: "x", password: "long enough pw", grants: [RoleGrant(role: .admin)])
            await #expect { try await useCases.addUser(account, context: district) } throws: {
                ($0 as? MusterError)?.code == "forbidden"
            }
            await #expect { try await useCases.auditEntries(AuditFilter(), context: district) } throws: {
                ($0 as? MusterError)?.code == "forbidden"
            }
        }
    }

    @Test("many concurrent sign-ins finish without errors while the pool keeps serving")
    func signInStorm() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = Self.useCases(database)
            try await Self.addTrainer(useCases)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let password = index % 4 == 0 ? "wrong password" : "correct horse 42"
                        return await Self.outcome(
                            useCases, Self.signIn("li.trainer", password, from: "10.1.\(index / 250).\(index % 250)"))
                    }
                }
                group.addTask {
                    // The database stays reachable for other work during the storm.
                    try await database.ping(timeout: .seconds(30))
                    return "ping"
                }
                var outcomes: [String] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 150)
            #expect(outcomes.filter { $0 == "invalid_credentials" }.count == 50)
            #expect(outcomes.contains("ping"))
        }
    }

    @Test("sessions expire; disabling an account or changing its password ends its sessions")
    func sessionsEnd() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let clock = TestClock()
            let useCases = Self.useCases(database, clock: clock)
            try await Self.addTrainer(useCases)
            let first = try await useCases.login(Self.signIn("li.trainer", "correct horse 42"))
            clock.advance(by: 12 * 60 * 60 + 1)
            #expect(try await useCases.authenticate(token: first.token) == nil)

            let second = try await useCases.login(Self.signIn("li.trainer", "correct horse 42"))
            try await useCases.changePassword(username: "li.trainer", to: "battery staple 99", context: useCases.admin)
            #expect(try await useCases.authenticate(token: second.token) == nil)

            let third = try await useCases.login(Self.signIn("li.trainer", "battery staple 99"))
            try await useCases.setDisabled(username: "li.trainer", disabled: true, context: useCases.admin)
            #expect(try await useCases.authenticate(token: third.token) == nil)
            await #expect { try await useCases.login(Self.signIn("li.trainer", "battery staple 99")) } throws: {
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
                context: useCases.admin
            )
            let account = try #require(
                try await useCases.listUsers(context: useCases.admin).first { $0.username == "li.trainer" })
            #expect(account.grants.map(\.description).sorted() == ["hr", "trainer:PSB.EAST"])
            await #expect {
                try await useCases.setRoles(
                    username: "li.trainer", grants: [RoleGrant(role: .hr, unitScope: "NOWHERE")],
                    context: useCases.admin)
            } throws: {
                ($0 as? MusterError)?.code == "unknown_unit"
            }
            let accountsBefore = try await useCases.listUsers(context: useCases.admin).count
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
                await #expect { try await useCases.addUser(account, context: useCases.admin) } throws: {
                    ($0 as? MusterError)?.code == code
                }
            }
            #expect(try await useCases.listUsers(context: useCases.admin).count == accountsBefore)
            #expect(throws: MusterError.self) { try RoleGrant(parsing: "superuser") }
        }
    }
}
