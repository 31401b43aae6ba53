import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Loading promotion policies")
struct PolicyUseCaseTests {

    @Test("the built-in default applies until a policy is loaded; loads are versioned and switch the active policy")
    func versionsAndActivation() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let builtIn = try await useCases.activePolicy(context: useCases.admin)
            #expect(builtIn.version == nil)
            #expect(builtIn.policy.name == "cn-peoples-police")

            let shipped = ShippedPolicies.files
            #expect(shipped.map(\.fileName) == ["Policies/cn-peoples-police.yaml", "Policies/us-municipal.yaml"])
            let us = try #require(shipped.last)
            let first = try await useCases.loadPolicy(us, context: useCases.admin)
            #expect(first.outcome == .created)
            #expect(first.version == 1)
            #expect(
                try await useCases.activePolicy(context: useCases.admin).policy.ranks.map(\.code) == [
                    "officer", "corporal", "sergeant", "lieutenant", "captain",
                ])

            let cn = try await useCases.loadPolicy(try #require(shipped.first), context: useCases.admin)
            #expect(cn.version == 1)
            #expect(try await useCases.activePolicy(context: useCases.admin).policy.name == "cn-peoples-police")

            let again = try await useCases.loadPolicy(us, context: useCases.admin)
            #expect(again.outcome == .unchanged)
            #expect(try await useCases.activePolicy(context: useCases.admin).policy.name == "us-municipal")

            var changed = us
            changed.text = changed.text.replacingOccurrences(of: "years: 2}", with: "years: 1}")
            let second = try await useCases.loadPolicy(changed, context: useCases.admin)
            #expect(second.version == 2)
            #expect(
                try await useCases.activePolicy(context: useCases.admin).policy.rank("officer")?.intervals.first?.years
                    == 1)
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "policy"), context: useCases.admin).map(
                \.entityID)
            #expect(audit == ["us-municipal", "cn-peoples-police", "us-municipal"])
        }
    }

    @Test("a policy with errors is not loaded, and every error is listed")
    func rejected() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let bad = SourceFile(
                fileName: "bad.yaml",
                text:
                    "policy: bad\nranks:\n  - {code: a, years: -1}\n  - {code: b}\nposts:\n  - {code: p, floor: a, ceiling: c}\n"
            )
            await #expect {
                try await useCases.loadPolicy(bad, context: useCases.admin)
            } throws: { error in
                (error as? MusterError)?.details == [
                    "bad.yaml:3:22: error: 'years' must be a whole number of zero or more, not -1",
                    "bad.yaml:6:34: error: 'ceiling' names unknown rank 'c'; ranks are: a, b",
                ]
            }
            let rows = try await database.client.query("SELECT count(*) FROM policies")
            for try await count in rows.decode(Int.self) { #expect(count == 0) }
        }
    }
}
