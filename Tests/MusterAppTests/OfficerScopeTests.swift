import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

/// Which officers each kind of caller reaches, decided in the use cases (not at the route).
@Suite("Who may see which officers")
struct OfficerScopeTests {
    /// Officers spread over three districts.
    static let roster: [(badge: String, unit: String)] = [
        ("E1", "PSB.EAST.S1"), ("E2", "PSB.EAST.S2"), ("W1", "PSB.WEST.S1"), ("W2", "PSB.WEST.CID"),
        ("T1", "PSB.TRAFFIC.T1"),
    ]
    static let everyone = roster.map(\.badge)

    static func row(_ badge: String, _ unit: String) -> String {
        "\(badge),测试\(badge),male,1985-04-02,\(unit),2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,"
    }

    /// The callers the rules distinguish, by name.
    static func callers(_ useCases: UseCases) -> [String: UseCaseContext] {
        [
            "admin": useCases.admin,
            "hr": useCases.hr,
            "east.hr": useCases.signedIn("east.hr", [RoleGrant(role: .hr, unitScope: "PSB.EAST")]),
            "officer": useCases.signedIn("officer.e1", [RoleGrant(role: .officer)], badge: "E1"),
            "trainer": useCases.signedIn("trainer.east", [RoleGrant(role: .trainer, unitScope: "PSB.EAST")]),
        ]
    }

    static func withRoster(_ body: @Sendable (UseCases) async throws -> Void) async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = try await RosterImportTests.prepared(database)
            _ = try await useCases.importOfficers(
                RosterImportTests.source(roster.map { row($0.badge, $0.unit) }), context: useCases.admin)
            try await body(useCases)
        }
    }

    static func code(of body: () async throws -> Void) async -> String {
        do {
            try await body()
            return "ok"
        } catch let error as MusterError {
            return error.code
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test("listing officers: the whole force, a district's subtree, or forbidden")
    func listing() async throws {
        try await Self.withRoster { useCases in
            let expected: [String: [String]?] = [
                "admin": Self.everyone.sorted(), "hr": Self.everyone.sorted(), "east.hr": ["E1", "E2"],
                "officer": nil, "trainer": nil,
            ]
            for (name, context) in Self.callers(useCases) {
                let seen = try? await useCases.listOfficers(context: context).map(\.badge)
                #expect(seen == expected[name] ?? nil, "\(name)")
            }
            // A unit filter narrows within the scope and never widens it.
            let east = try #require(Self.callers(useCases)["east.hr"])
            #expect(try await useCases.listOfficers(unit: "PSB.WEST", context: east).isEmpty)
            #expect(try await useCases.listOfficers(unit: "PSB.EAST.S2", context: east).map(\.badge) == ["E2"])
            #expect(
                await Self.code { _ = try await useCases.listOfficers(context: Self.callers(useCases)["officer"]!) }
                    == "forbidden")
        }
    }

    @Test("one officer: outside the caller's reach the answer is not found, exactly as for no such badge")
    func singleRecords() async throws {
        try await Self.withRoster { useCases in
            let expected: [String: Set<String>] = [
                "admin": Set(Self.everyone), "hr": Set(Self.everyone), "east.hr": ["E1", "E2"], "officer": ["E1"],
                "trainer": [],
            ]
            for (name, context) in Self.callers(useCases) {
                var seen: Set<String> = []
                for badge in Self.everyone + ["NOBODY"] {
                    let outcome = await Self.code {
                        _ = try await useCases.officerRecord(badge: badge, context: context)
                    }
                    if outcome == "ok" {
                        seen.insert(badge)
                    } else {
                        #expect(outcome == "officer_not_found", "\(name) reading \(badge)")
                    }
                }
                #expect(seen == expected[name], "\(name)")
            }
            let officer = try #require(Self.callers(useCases)["officer"])
            #expect(try await useCases.myRecord(context: officer).officer.badge == "E1")
            #expect(await Self.code { _ = try await useCases.myRecord(context: useCases.hr) } == "no_badge")
        }
    }

    @Test("records imports: rows for officers outside the scope are refused at their line; nothing is written")
    func scopedImports() async throws {
        try await Self.withRoster { useCases in
            let text = "badge,kind,start\n" + Self.everyone.map { "\($0),warning,2024-03-01" }.joined(separator: "\n")
            let file = SourceFile(fileName: "s.csv", text: text)
            let outcomes = [
                "admin": "ok", "hr": "ok", "east.hr": "records_rejected", "officer": "forbidden",
                "trainer": "forbidden",
            ]
            for (name, context) in Self.callers(useCases) {
                let outcome = await Self.code {
                    _ = try await useCases.importRecords(.sanctions, file, dryRun: true, context: context)
                }
                #expect(outcome == outcomes[name], "\(name)")
            }
            let east = try #require(Self.callers(useCases)["east.hr"])
            await #expect { try await useCases.importRecords(.sanctions, file, context: east) } throws: {
                ($0 as? MusterError)?.details == [
                    "s.csv:4:1: error: no officer with badge 'W1' in your scope",
                    "s.csv:5:1: error: no officer with badge 'W2' in your scope",
                    "s.csv:6:1: error: no officer with badge 'T1' in your scope",
                ]
            }
            let written = try await useCases.database.client.query("SELECT count(*) FROM sanctions")
            for try await count in written.decode(Int.self) { #expect(count == 0) }
            let eastOnly = SourceFile(fileName: "e.csv", text: "badge,kind,start\nE1,warning,2024-03-01\n")
            #expect(try await useCases.importRecords(.sanctions, eastOnly, context: east).written == 1)
        }
    }

    @Test("roster imports by a district admin: only into the district, never taking a badge from elsewhere")
    func scopedRosterImport() async throws {
        try await Self.withRoster { useCases in
            let districtAdmin = useCases.signedIn("east.admin", [RoleGrant(role: .admin, unitScope: "PSB.EAST")])
            let rows = [Self.row("E3", "PSB.EAST.S1"), Self.row("W3", "PSB.WEST.S1"), Self.row("W1", "PSB.EAST.S2")]
            await #expect {
                try await useCases.importOfficers(RosterImportTests.source(rows), context: districtAdmin)
            } throws: {
                ($0 as? MusterError)?.details == [
                    "roster.csv:3:25: error: unit 'PSB.WEST.S1' is outside your scope",
                    "roster.csv:4:1: error: badge 'W1' is in use outside your scope; it cannot be imported here",
                ]
            }
            let hrImport = await Self.code {
                _ = try await useCases.importOfficers(RosterImportTests.source(rows), context: useCases.hr)
            }
            #expect(hrImport == "forbidden")
            let added = try await useCases.importOfficers(
                RosterImportTests.source([Self.row("E3", "PSB.EAST.S1")]), context: districtAdmin)
            #expect(added.inserted == 1)
            #expect(
                try await useCases.officerRecord(badge: "W1", context: useCases.admin).officer.unit == "PSB.WEST.S1")
        }
    }
}
