import Foundation
import Testing

@Suite("Bad configuration gets one clear line")
struct BadConfigurationTests {
    /// The lines of standard error that are not blank.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    @Test("a malformed DATABASE_URL names the problem and exits non-zero")
    func malformedURL() throws {
        let result = try CommandLineTool.run(["db", "status"], environment: ["DATABASE_URL": "mysql://root@db/x"])
        #expect(result.status != 0)
        let lines = Self.lines(result.standardError)
        #expect(lines.count == 1)
        #expect(lines.first?.contains("DATABASE_URL is not a valid PostgreSQL URL") == true)
    }

    @Test("an unreachable database says so, without a stack trace")
    func unreachableDatabase() throws {
        let result = try CommandLineTool.run(
            ["db", "migrate"],
            environment: ["DATABASE_URL": "postgres://muster@127.0.0.1:1/muster?sslmode=disable"]
        )
        #expect(result.status != 0)
        let lines = Self.lines(result.standardError)
        #expect(lines.count == 1)
        #expect(lines.first?.contains("cannot be reached") == true)
        #expect(lines.first?.contains("127.0.0.1:1") == true)
    }

    @Test("db url prints DATABASE_URL when it is set, and the embedded socket URL when not")
    func databaseURL() throws {
        let external = try CommandLineTool.run(
            ["db", "url"],
            environment: ["DATABASE_URL": "postgres://hr:pw@db.example:5432/muster?sslmode=require"]
        )
        #expect(external.status == 0)
        #expect(external.standardOutput.contains("postgresql://hr:pw@db.example:5432/muster?sslmode=require"))

        let home = FileManager.default.temporaryDirectory.appending(path: "muster-url-\(UUID().uuidString.prefix(6))")
        let embedded = try CommandLineTool.run(["db", "url", "--home", home.path])
        #expect(embedded.status == 0)
        #expect(embedded.standardOutput.contains("/muster?host=\(home.path)/pg/socket"))
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }

    @Test("an invalid port is refused before anything starts")
    func invalidPort() throws {
        let result = try CommandLineTool.run(["serve", "--port", "70000"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--port must be from 0 to 65535"))
    }

    @Test("a rubric criterion given twice, or without a level, is refused before anything is read")
    func rubricTwice() throws {
        let twice = try CommandLineTool.run(
            ["grading", "mark", "1", "2", "--rubric", "1=3", "--rubric", " 1=2", "--rubric", "2=3"])
        #expect(twice.status != 0)
        #expect(twice.standardError.contains("--rubric gives criterion ' 1' twice"))
        let bare = try CommandLineTool.run(["grading", "mark", "1", "2", "--rubric", "1"])
        #expect(bare.status != 0)
        #expect(bare.standardError.contains("'1' has no '='"))
    }

    @Test("an unknown MUSTER_TIME_ZONE is named in one line")
    func badTimeZone() throws {
        let result = try CommandLineTool.run(
            ["officers", "list"],
            environment: [
                "MUSTER_TIME_ZONE": "Mars/Olympus",
                "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?sslmode=disable",
            ])
        #expect(result.status != 0)
        #expect(
            Self.lines(result.standardError) == [
                "Error: 'Mars/Olympus' is not a time zone; set MUSTER_TIME_ZONE to a name such as Asia/Shanghai."
            ])
    }
}
