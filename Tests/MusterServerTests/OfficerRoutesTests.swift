import Foundation
import Hummingbird
import HummingbirdTesting
import MusterApp
import MusterTestSupport
import Testing

@testable import MusterServer

@Suite("Roster routes")
struct OfficerRoutesTests {
    @Test("admins import a roster; HR lists by unit subtree and reads one officer with history")
    func importAndRead() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            _ = try await useCases.ensureDemoUnits()
            let signedIn = try await SignedInClients.make(useCases)
            let roster = ByteBuffer(
                string: """
                    badge,name,sex,birth_date,unit,hire_date,duty_type,rank,rank_since,post,post_since,education
                    P001,张伟,male,1985-04-02,PSB.EAST.S1,2008-07-01,frontline,constable-1,2011-07-01,clerk,2008-07-01,本科
                    P002,李娜,female,1990-09-12,PSB.WEST.S1,2013-08-01,frontline,constable-2,2013-08-01,clerk,2013-08-01,大专

                    """
            )
            try await testApplication(useCases).test(.router) { client in
                try await client.execute(
                    uri: "/officers/import?file=r.csv", method: .post, headers: signedIn.headers(.admin), body: roster
                ) {
                    response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#""inserted":2"#))
                }
                try await client.execute(
                    uri: "/officers/import", method: .post, headers: signedIn.headers(.hr), body: roster
                ) {
                    #expect($0.status == .forbidden)
                }
                try await client.execute(uri: "/officers?unit=PSB.EAST", method: .get, headers: signedIn.headers(.hr)) {
                    response in
                    let body = String(buffer: response.body)
                    #expect(body.contains("P001") && !body.contains("P002"))
                }
                try await client.execute(uri: "/officers/P001", method: .get, headers: signedIn.headers(.hr)) {
                    response in
                    #expect(response.status == .ok)
                    let record = try JSONDecoder().decode(OfficerRecord.self, from: Data(buffer: response.body))
                    #expect(record.rankHistory.map(\.code) == ["constable-1"])
                    #expect(record.rankHistory.first?.since.description == "2011-07-01")
                }
                try await client.execute(uri: "/officers/P999", method: .get, headers: signedIn.headers(.hr)) {
                    #expect($0.status == .notFound)
                }
                try await client.execute(uri: "/officers", method: .get, headers: signedIn.headers(.officer)) {
                    #expect($0.status == .forbidden)
                }
                let grades = ByteBuffer(string: "badge,year,grade\nP001,2024,excellent\n")
                try await client.execute(
                    uri: "/records/assessments/import", method: .post, headers: signedIn.headers(.hr), body: grades
                ) {
                    response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#""written":1"#))
                }
                try await client.execute(
                    uri: "/records/gossip/import", method: .post, headers: signedIn.headers(.hr), body: grades
                ) {
                    response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body).contains("invalid_kind"))
                }
            }
        }
    }
}
