import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("The audit trail and append-only tables")
struct AuditTrailTests {
    @Test("audit rows carry the injected clock's time, the actor and the request id, with encoder-made JSON")
    func clockAndActor() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let instant = Date(timeIntervalSince1970: 1_893_553_445)  // 2030-01-02T03:04:05Z
            let useCases = UseCases(database: database, clock: .fixed(instant), logger: database.logger)
            let principal = Principal(
                userID: 7, username: "admin.wu", displayName: "吴", badge: nil, grants: [RoleGrant(role: .admin)])
            let context = useCases.context(for: principal, requestID: "req-42")
            let file = SourceFile(fileName: "u.csv", text: "code,parent,name\nCITY,,市\"局\"\n")
            _ = try await useCases.importUnits(file, context: context)
            let entry = try #require(try await useCases.auditEntries(AuditFilter(), context: context).first)
            #expect(entry.occurredAt == instant)
            #expect((entry.actor, entry.actorRole, entry.requestID) == ("admin.wu", "admin", "req-42"))
            #expect(
                entry.after == #"{"code": "CITY", "nameEn": "市\"局\"", "nameZh": "市\"局\""}"#)
        }
    }

    @Test("one guard forbids changing or removing rows of every append-only table, and names the table")
    func appendOnly() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(
                database: database, passwordHasher: PasswordHasher(cost: 4), logger: database.logger)
            _ = try await useCases.seedDemoDataIfEmpty()
            let statements: [(table: String, sql: String)] = [
                ("audit_log", "UPDATE audit_log SET actor = 'x'"), ("audit_log", "DELETE FROM audit_log"),
                ("audit_log", "TRUNCATE audit_log"),
                ("bank_versions", "UPDATE bank_versions SET item_count = 0"),
                ("bank_items", "DELETE FROM bank_items"), ("policies", "DELETE FROM policies"),
                ("rank_history", "UPDATE rank_history SET rank_code = 'x'"),
                ("post_history", "DELETE FROM post_history"), ("rank_history", "TRUNCATE rank_history"),
            ]
            for (table, sql) in statements {
                do {
                    try await database.client.query(PostgresQuery(unsafeSQL: sql))
                    Issue.record("\(sql) was allowed")
                } catch let error as PSQLError {
                    let message = error.serverInfo?[.message] ?? ""
                    #expect(message.hasPrefix("\(table) is append-only"), "\(sql): \(message)")
                    #expect(error.serverInfo?[.sqlState] == "42501")
                }
            }
            // Attempts change (handed in, voided) but are never removed: the answer log keeps its
            // attempt key through that rule rather than a foreign key.
            let attempts = try await database.client.query("SELECT count(*)::int FROM attempts")
            for try await count in attempts.decode(Int.self) { #expect(count > 0) }
            do {
                try await database.client.query("DELETE FROM attempts")
                Issue.record("DELETE FROM attempts was allowed")
            } catch let error as PSQLError {
                let message = error.serverInfo?[.message] ?? ""
                #expect(message.hasPrefix("attempts are never removed"), "\(message)")
                #expect(error.serverInfo?[.sqlState] == "42501")
            }
        }
    }
}
