import Foundation
import MusterStore
import MusterTestSupport
import Testing

/// `muster officers show --server`: an officer at a terminal reads their own record over HTTP,
/// and only what their account may see.
@Suite("Reading records from a running server")
struct RemoteRecordTests {
    @Test("an officer sees their own record; HR of one district gets not-found for another district's badge")
    func ownRecordOverHTTP() async throws {
        let database = try await TestDatabases.shared.createDatabase()
        let environment = ["DATABASE_URL": database.urlString]
        let units = try BanksCommandTests.write(
            "code,parent,name\nCITY,,市局\nCITY.N,CITY,北区\nCITY.S,CITY,南区\n", name: "units.csv")
        #expect(try CommandLineTool.run(["units", "import", units.path], environment: environment).status == 0)
        let roster = try BanksCommandTests.write(
            """
            badge,name,sex,birth_date,unit,hire_date,duty_type,rank,rank_since,post,post_since
            N1,北一,male,1985-04-02,CITY.N,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01
            S1,南一,female,1986-05-03,CITY.S,2009-07-01,frontline,constable-1,2012-07-01,clerk,2009-07-01

            """, name: "roster.csv")
        let imported = try CommandLineTool.run(["officers", "import", roster.path], environment: environment)
        #expect(imported.status == 0, "\(imported.standardError)")
        for (user, role, badge) in [("officer.n1", "officer", "N1"), ("north.hr", "hr:CITY.N", "")] {
            var arguments = ["users", "add", user, "--name", user, "--role", role]
            if !badge.isEmpty { arguments += ["--badge", badge] }
            let added = try CommandLineTool.run(
                arguments, environment: environment.merging(["MUSTER_PASSWORD": "password-\(user)"]) { $1 })
            #expect(added.status == 0, "\(added.standardError)")
        }

        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = CommandLineTool.binary
        server.arguments = ["serve", "--port", String(port), "--log-level", "error"]
        server.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var ready: Int?
        for _ in 0..<100 where ready == nil {
            ready = await ServeCommandTests.status(of: URL(string: "http://127.0.0.1:\(port)/ready")!)
            if ready == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready == 200)

        let url = "http://127.0.0.1:\(port)"
        func show(_ user: String, _ extra: [String] = []) throws -> CommandLineTool.Result {
            try CommandLineTool.run(
                ["officers", "show", "--server", url, "--user", user, "--format", "json"] + extra,
                environment: ["MUSTER_PASSWORD": "password-\(user)"])
        }
        let own = try show("officer.n1")
        #expect(own.status == 0, "\(own.standardError)")
        let record = try JSONSerialization.jsonObject(with: Data(own.standardOutput.utf8)) as? [String: Any]
        #expect((record?["officer"] as? [String: Any])?["badge"] as? String == "N1")
        let other = try show("officer.n1", ["S1"])
        #expect(other.status != 0)
        let north = try show("north.hr", ["N1"])
        #expect(north.status == 0, "\(north.standardError)")
        let south = try show("north.hr", ["S1"])
        #expect(south.status != 0)
        #expect(BadConfigurationTests.lines(south.standardError) == ["Error: There is no officer with badge 'S1'."])
        let wrong = try CommandLineTool.run(
            ["officers", "show", "--server", url, "--user", "officer.n1"], environment: ["MUSTER_PASSWORD": "nope"])
        #expect(BadConfigurationTests.lines(wrong.standardError) == ["Error: The username or password is wrong."])
        try await TestDatabases.shared.drop(database)
    }
}
