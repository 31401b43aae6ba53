import Foundation
import MusterTestSupport
import Testing

@Suite("Users and audit commands")
struct UsersAndAuditCommandTests {
    @Test("an operator adds a user, changes roles, disables; every change is in the audit log as that operator")
    func usersAndAudit() async throws {
        let database = try await TestDatabases.shared.createDatabase()
        let environment = [
            "DATABASE_URL": database.urlString, "MUSTER_OPERATOR": "ops.chen", "MUSTER_BCRYPT_COST": "4",
            "MUSTER_PASSWORD": "a long enough secret",
        ]
        let add = try CommandLineTool.run(
            ["users", "add", "wang.hr", "--name", "王人事", "--role", "hr"], environment: environment)
        #expect(add.status == 0, "\(add.standardError)")
        #expect(add.standardOutput.contains("created wang.hr with roles hr"))
        let roles = try CommandLineTool.run(["users", "roles", "wang.hr", "hr", "trainer"], environment: environment)
        #expect(roles.standardOutput.contains("wang.hr: hr, trainer"))
        let disable = try CommandLineTool.run(["users", "disable", "wang.hr"], environment: environment)
        #expect(disable.standardOutput.contains("wang.hr disabled"))
        let list = try CommandLineTool.run(["users", "list", "--format", "json"], environment: environment)
        #expect(list.standardOutput.contains(#""disabled" : true"#))
        #expect(!list.standardOutput.contains("$2"))

        let audit = try CommandLineTool.run(
            ["audit", "--entity", "user:wang.hr", "--format", "csv"], environment: environment)
        let lines = audit.standardOutput.split(separator: "\n")
        #expect(lines.first == "id,occurred_at,actor,actor_role,action,entity_type,entity_id,before,after,request_id")
        #expect(lines.dropFirst().map { $0.split(separator: ",")[4] } == ["user.add", "user.roles", "user.disable"])
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",")[2] == "ops.chen" })
        let byOther = try CommandLineTool.run(
            ["audit", "--actor", "someone.else", "--format", "json"], environment: environment)
        #expect(
            byOther.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]"
                || byOther.standardOutput.contains("[]"))

        let weak = try CommandLineTool.run(
            ["users", "add", "li.weak", "--name", "x"],
            environment: environment.merging(["MUSTER_PASSWORD": "short"]) { _, new in new }
        )
        #expect(weak.status != 0)
        #expect(weak.standardError.contains("A password needs at least 10 characters."))
        try await TestDatabases.shared.drop(database)
    }
}
