import Foundation
import MusterTestSupport
import Testing

@Suite("Bank commands as an operator runs them")
struct BanksCommandTests {
    static func write(_ text: String, name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(
            path: "muster-banks-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appending(path: name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("a bad file lists every error as file:line:column on standard error and exits non-zero")
    func importErrors() throws {
        let file = try Self.write("::a::Pi {#3,14}\n\n::b::Q {~x ~y}\n", name: "bad.gift")
        let result = try CommandLineTool.run(["banks", "import", file.path, "--dry-run"])
        #expect(result.status != 0)
        #expect(
            result.standardError.contains(
                "\(file.path):1:11: error: numeric answer '3,14' is not a number; use a dot for decimals"))
        #expect(result.standardError.contains("\(file.path):3:8: error: no answer earns credit"))
        #expect(result.standardError.contains("2 error(s) in the file(s); nothing was imported."))
    }

    @Test("a dry run prints the summary as JSON without any database")
    func dryRunJSON() throws {
        let file = try Self.write("$CATEGORY: law\n\n::a::Fine {T}\n\n::b::Also {#2}\n", name: "law-basics.gift")
        let result = try CommandLineTool.run(
            ["banks", "import", file.path, "--dry-run", "--format", "json"],
            environment: ["DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?sslmode=disable"]
        )
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(report?["bank"] as? String == "law-basics")
        #expect(report?["outcome"] as? String == "dry-run")
        #expect(report?["itemsByType"] as? [String: Int] == ["true-false": 1, "numeric": 1])
    }

    @Test("import, re-import, list, show and export against a real database")
    func importAndQuery() async throws {
        let database = try await TestDatabases.shared.createDatabase()
        let environment = ["DATABASE_URL": database.urlString, "MUSTER_OPERATOR": "trainer-wang"]
        let file = try Self.write("$CATEGORY: law\n\n::a::Fine {T}\n", name: "law.gift")
        let first = try CommandLineTool.run(["banks", "import", file.path, "--bank", "law"], environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("bank law: 1 items, imported as version 1"))
        let again = try CommandLineTool.run(["banks", "import", file.path, "--bank", "law"], environment: environment)
        #expect(again.standardOutput.contains("unchanged: identical to version 1"))
        let list = try CommandLineTool.run(["banks", "list", "--format", "json"], environment: environment)
        #expect(list.standardOutput.contains(#""importedBy" : "trainer-wang""#))
        let show = try CommandLineTool.run(["banks", "show", "law"], environment: environment)
        #expect(show.standardOutput.contains("bank law version 1: 1 items"))
        let export = try CommandLineTool.run(["banks", "export", "law", "--to", "gift"], environment: environment)
        #expect(export.standardOutput.contains("::a::Fine {TRUE}"))
        let missing = try CommandLineTool.run(["banks", "show", "nope"], environment: environment)
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("There is no bank 'nope'."))
        try await TestDatabases.shared.drop(database)
    }

    @Test("items score prints {item, score, max} in input order and names a wrong-shaped response")
    func scoreItems() throws {
        let bank = try Self.write("::q1::Pick {=a ~b}\n\n::q2::Pi {#3.14:0.01}\n", name: "keys.gift")
        let responses = try Self.write(
            #"[{"item": "q2", "response": 3.141}, {"item": "q1", "response": "b"}]"#, name: "r.json")
        let result = try CommandLineTool.run([
            "items", "score", bank.path, "--responses", responses.path, "--format", "json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let scored = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]]
        #expect(scored?.map { $0["item"] as? String } == ["q2", "q1"])
        #expect(scored?.map { $0["score"] as? Double } == [1, 0])
        #expect(scored?.map { $0["max"] as? Double } == [1, 1])

        let wrong = try Self.write(#"[{"item": "q1", "response": 7}]"#, name: "w.json")
        let failed = try CommandLineTool.run(["items", "score", bank.path, "--responses", wrong.path])
        #expect(failed.status != 0)
        #expect(failed.standardError.contains("Response 1 to item 'q1' (single-choice) must be an option text."))
        let unknown = try Self.write(#"[{"item": "q9", "response": "a"}]"#, name: "u.json")
        let missing = try CommandLineTool.run(["items", "score", bank.path, "--responses", unknown.path])
        #expect(missing.standardError.contains("names item 'q9', which is not in"))
    }
}
