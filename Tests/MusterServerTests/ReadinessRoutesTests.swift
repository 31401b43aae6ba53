import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MusterApp
import MusterDomain
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterServer

@Suite("Readiness routes")
struct ReadinessRoutesTests {
    @Test("HR lists and explains; an officer reads their own; the JSON keeps the issue's shape; bad input is 4xx JSON")
    func routes() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let seeded = try await useCases.seedDemoDataIfEmpty()
            let signedIn = try await SignedInClients.make(useCases)
            let officer = try await useCases.login(
                SignIn(
                    username: "demo.officer", password: try #require(seeded.demoAccounts["demo.officer"]),
                    client: "test")
            ).token
            let officerHeaders: HTTPFields = [.authorization: "Bearer \(officer)"]
            try await testApplication(useCases).test(.router) { client in
                try await client.execute(
                    uri: "/readiness?asOf=2026-06-15", method: .get, headers: signedIn.headers(.hr)
                ) {
                    response in
                    #expect(response.status == .ok)
                    let report = try JSONDecoder().decode(ReadinessReport.self, from: Data(buffer: response.body))
                    // Officers hired after the date are left out, not counted as not eligible.
                    #expect(report.summary.totals.officers + report.notApplicable == 320)
                    #expect(report.notApplicable > 0)
                    #expect(report.officers.count == report.summary.totals.officers)
                    #expect(report.summary.byUnit.count == 8)
                }
                try await client.execute(uri: "/readiness?format=html", method: .get, headers: signedIn.headers(.hr)) {
                    #expect($0.status == .ok)
                    #expect($0.headers[.contentType]?.hasPrefix("text/html") == true)
                    let page = String(buffer: $0.body)
                    #expect(page.contains("<svg"))
                    // Self-contained: no script, no stylesheet or image fetched from anywhere.
                    #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("<link"))
                    #expect(page.contains("PSB.EAST.S1"))
                }
                try await client.execute(uri: "/readiness", method: .get, headers: signedIn.headers(.trainer)) {
                    #expect($0.status == .forbidden)
                }
                // The verdict's JSON shape: the keys the issue names, eligibleOn and metOn present even when null.
                try await client.execute(
                    uri: "/officers/P100002/readiness?target=next&asOf=2026-06-15", method: .get,
                    headers: signedIn.headers(.hr)
                ) { response in
                    #expect(response.status == .ok)
                    let body = try #require(
                        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    #expect(
                        Set(["badge", "target", "asOf", "verdict", "eligibleOn", "requirements"]).isSubset(
                            of: body.keys))
                    #expect(body["badge"] as? String == "P100002")
                    #expect(body["asOf"] as? String == "2026-06-15")
                    #expect(["eligible", "not_eligible", "consideration"].contains(body["verdict"] as? String ?? ""))
                    let requirements = try #require(body["requirements"] as? [[String: Any]])
                    #expect(!requirements.isEmpty)
                    for requirement in requirements {
                        #expect(Set(["rule", "met", "detail", "evidence", "metOn"]).isSubset(of: requirement.keys))
                    }
                    #expect(requirements.contains { $0["rule"] as? String == "time_in_rank" })
                }
                try await client.execute(uri: "/me/readiness", method: .get, headers: officerHeaders) { response in
                    #expect(response.status == .ok)
                    let verdict = try JSONDecoder().decode(EligibilityVerdict.self, from: Data(buffer: response.body))
                    #expect(verdict.badge == "P100001")
                }
                try await client.execute(uri: "/officers/P100002/readiness", method: .get, headers: officerHeaders) {
                    #expect($0.status == .notFound)
                    #expect(String(buffer: $0.body).contains(#""code":"officer_not_found""#))
                }
                try await client.execute(uri: "/me/readiness", method: .get, headers: signedIn.headers(.hr)) {
                    #expect($0.status == .notFound)
                    #expect(String(buffer: $0.body).contains(#""code":"no_badge""#))
                }
                let refusals: [(String, HTTPResponse.Status, String)] = [
                    ("/readiness?target=grade:x", .badRequest, "invalid_target"),
                    ("/readiness?target=rank:general", .notFound, "target_not_found"),
                    ("/readiness?asOf=2026-02-30", .badRequest, "invalid_date"),
                    ("/readiness?within=soon", .badRequest, "invalid_window"),
                    ("/readiness?within=99999", .badRequest, "invalid_window"),
                    ("/readiness?verdict=maybe", .badRequest, "invalid_verdict"),
                    ("/readiness?format=pdf", .badRequest, "invalid_format"),
                    ("/readiness?unit=PSB.NOWHERE", .notFound, "unit_not_found"),
                    ("/readiness?unit=%00", .notFound, "unit_not_found"),
                    ("/officers/P100002/readiness?asOf=1800-01-01", .badRequest, "invalid_date"),
                ]
                for (uri, status, code) in refusals {
                    try await client.execute(uri: uri, method: .get, headers: signedIn.headers(.hr)) { response in
                        #expect(response.status == status, "\(uri)")
                        #expect(String(buffer: response.body).contains(#""code":"\#(code)""#), "\(uri)")
                    }
                }
            }
        }
    }

    @Test("promotion rounds over HTTP: HR freezes, reads and records; others are refused; bad input is 4xx JSON")
    func rounds() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            _ = try await useCases.seedDemoDataIfEmpty()
            let signedIn = try await SignedInClients.make(useCases)
            let hr = signedIn.headers(.hr)
            try await testApplication(useCases).test(.router) { client in
                var roundID = 0
                try await client.execute(
                    uri: "/promotions/rounds", method: .post, headers: hr,
                    body: ByteBuffer(string: #"{"target": "next", "vacancies": 2}"#)
                ) { response in
                    #expect(response.status == .ok)
                    let body = try #require(
                        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    roundID = body["id"] as? Int ?? 0
                    #expect(body["target"] as? String == "next")
                    #expect(body["vacancies"] as? Int == 2)
                    #expect(body["entries"] is [Any])
                    #expect(body["excluded"] is [Any])
                    #expect(body["validUntil"] is String)
                }
                #expect(roundID > 0)
                try await client.execute(uri: "/promotions/rounds", method: .get, headers: hr) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#""id":\#(roundID)"#))
                }
                try await client.execute(uri: "/promotions/rounds/\(roundID)", method: .get, headers: hr) {
                    #expect($0.status == .ok)
                }
                try await client.execute(uri: "/promotions/rounds", method: .get, headers: signedIn.headers(.trainer)) {
                    #expect($0.status == .forbidden)
                }
                let refusals: [(String, String, HTTPResponse.Status, String)] = [
                    ("/promotions/rounds", #"{"target": "grade:x"}"#, .badRequest, "invalid_target"),
                    ("/promotions/rounds", #"{"target": "next", "vacancies": 0}"#, .badRequest, "invalid_vacancies"),
                    ("/promotions/rounds", #"{"target": "next", "asOf": "2026-02-30"}"#, .badRequest, "invalid_date"),
                    ("/promotions/rounds", #"{"target": "next", "unit": "PSB.NOWHERE"}"#, .notFound, "unit_not_found"),
                    ("/promotions/rounds", #"{"target": 5}"#, .badRequest, "invalid_body"),
                    ("/promotions/rounds/\(roundID)/promotions", #"{"badge": "NOPE"}"#, .conflict, "not_on_list"),
                    ("/promotions/rounds/999999/promotions", #"{"badge": "P100001"}"#, .notFound, "round_not_found"),
                    ("/promotions/rounds/x/promotions", #"{"badge": "P100001"}"#, .notFound, "round_not_found"),
                    ("/promotions/rounds/\(roundID)/promotions", #"{}"#, .badRequest, "invalid_body"),
                ]
                for (uri, body, status, code) in refusals {
                    try await client.execute(uri: uri, method: .post, headers: hr, body: ByteBuffer(string: body)) {
                        response in
                        #expect(response.status == status, "\(uri) \(body)")
                        #expect(String(buffer: response.body).contains(#""code":"\#(code)""#), "\(uri) \(body)")
                    }
                }
            }
        }
    }
}
