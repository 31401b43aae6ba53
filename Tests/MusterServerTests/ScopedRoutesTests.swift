import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MusterApp
import MusterDomain
import MusterFormats
import MusterTestSupport
import Testing

@testable import MusterServer

/// Every officer-data route × each kind of caller, against a roster over several districts.
@Suite("Officer-data routes per caller and unit")
struct ScopedRoutesTests {
    static let header = "badge,name,sex,birth_date,unit,hire_date,duty_type,rank,rank_since,post,post_since,education"
    static let roster: [(badge: String, unit: String)] = [
        ("E1", "PSB.EAST.S1"), ("E2", "PSB.EAST.S2"), ("W1", "PSB.WEST.S1"), ("T1", "PSB.TRAFFIC.T1"),
    ]

    /// The callers, each an account with its grants (and badge).
    static let callers: [(username: String, grants: [RoleGrant], badge: String?)] = [
        ("scope.admin", [RoleGrant(role: .admin)], nil),
        ("scope.hr", [RoleGrant(role: .hr)], nil),
        ("east.hr", [RoleGrant(role: .hr, unitScope: "PSB.EAST")], nil),
        ("officer.e2", [RoleGrant(role: .officer)], "E2"),
        ("trainer.east", [RoleGrant(role: .trainer, unitScope: "PSB.EAST")], nil),
    ]

    static func signIn(_ useCases: UseCases) async throws -> [String: HTTPFields] {
        _ = try await useCases.ensureDemoUnits()
        let admin = useCases.operatorContext(name: "test")
        let rows = roster.map {
            "\($0.badge),测试,male,1985-04-02,\($0.unit),2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,"
        }
        _ = try await useCases.importOfficers(
            SourceFile(fileName: "r.csv", text: ([header] + rows).joined(separator: "\n")), context: admin)
        var headers: [String: HTTPFields] = [:]
        for caller in callers {
            _ = try await useCases.addUser(
                NewAccount(
                    username: caller.username, displayName: caller.username, password: "password-\(caller.username)",
                    badge: caller.badge, grants: caller.grants),
                context: admin)
            let session = try await useCases.login(
                SignIn(username: caller.username, password: "password-\(caller.username)", client: "test"))
            headers[caller.username] = [.authorization: "Bearer \(session.token)"]
        }
        return headers
    }

    @Test("lists, single records and my own record: exactly the badges each caller may see")
    func reads() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let headers = try await Self.signIn(useCases)
            let listing: [String: [String]?] = [
                "scope.admin": ["E1", "E2", "T1", "W1"], "scope.hr": ["E1", "E2", "T1", "W1"], "east.hr": ["E1", "E2"],
                "officer.e2": nil, "trainer.east": nil,
            ]
            let readable: [String: Set<String>] = [
                "scope.admin": ["E1", "E2", "T1", "W1"], "scope.hr": ["E1", "E2", "T1", "W1"], "east.hr": ["E1", "E2"],
                "officer.e2": ["E2"], "trainer.east": [],
            ]
            let own: [String: String?] = [
                "scope.admin": nil, "scope.hr": nil, "east.hr": nil, "officer.e2": "E2", "trainer.east": nil,
            ]
            try await testApplication(useCases).test(.router) { client in
                for (caller, fields) in headers {
                    try await client.execute(uri: "/officers", method: .get, headers: fields) { response in
                        if let expected = listing[caller] ?? nil {
                            #expect(response.status == .ok, "\(caller)")
                            let badges = try Self.badges(in: response.body)
                            #expect(badges == expected, "\(caller)")
                        } else {
                            #expect(response.status == .forbidden, "\(caller)")
                        }
                    }
                    var seen: Set<String> = []
                    for badge in Self.roster.map(\.badge) {
                        try await client.execute(uri: "/officers/\(badge)", method: .get, headers: fields) { response in
                            switch response.status {
                            case .ok: seen.insert(badge)
                            case .notFound, .forbidden: break
                            default: Issue.record("\(caller) reading \(badge) got \(response.status)")
                            }
                            // Outside the scope a badge that exists answers exactly like one that does not.
                            if response.status == .notFound {
                                #expect(String(buffer: response.body).contains(#""code":"officer_not_found""#))
                            }
                        }
                    }
                    #expect(seen == readable[caller], "\(caller)")
                    try await client.execute(uri: "/officers/me", method: .get, headers: fields) { response in
                        if let badge = own[caller] ?? nil {
                            #expect(response.status == .ok, "\(caller)")
                            let record = try JSONDecoder().decode(OfficerRecord.self, from: Data(buffer: response.body))
                            #expect(record.officer.badge == badge)
                        } else {
                            #expect(response.status == .notFound, "\(caller)")
                            #expect(String(buffer: response.body).contains(#""code":"no_badge""#))
                        }
                    }
                }
            }
        }
    }

    @Test("imports: rows outside the caller's district are refused with their line; nothing is written")
    func imports() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let headers = try await Self.signIn(useCases)
            let grades = ByteBuffer(string: "badge,year,grade\nE1,2024,excellent\nW1,2024,competent\n")
            let expected: [String: HTTPResponse.Status] = [
                "scope.admin": .ok, "scope.hr": .ok, "east.hr": .badRequest, "officer.e2": .forbidden,
                "trainer.east": .forbidden,
            ]
            try await testApplication(useCases).test(.router) { client in
                for (caller, fields) in headers {
                    try await client.execute(
                        uri: "/records/assessments/import?dryRun=true&file=g.csv", method: .post, headers: fields,
                        body: grades
                    ) { response in
                        #expect(response.status == expected[caller], "\(caller)")
                        if caller == "east.hr" {
                            #expect(
                                String(buffer: response.body).contains(
                                    "g.csv:3:1: error: no officer with badge 'W1' in your scope"))
                        }
                    }
                }
                let roster = ByteBuffer(
                    string: Self.header
                        + "\nW9,测试,male,1985-04-02,PSB.WEST.S1,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,\n"
                )
                try await client.execute(
                    uri: "/officers/import", method: .post, headers: headers["east.hr"]!, body: roster
                ) { #expect($0.status == .forbidden) }
            }
            let rows = try await database.client.query("SELECT count(*) FROM assessments")
            for try await count in rows.decode(Int.self) { #expect(count == 0) }
        }
    }

    static func badges(in body: ByteBuffer) throws -> [String] {
        struct List: Decodable {
            struct Entry: Decodable { var badge: String }
            var officers: [Entry]
        }
        return try JSONDecoder().decode(List.self, from: Data(buffer: body)).officers.map(\.badge)
    }
}
