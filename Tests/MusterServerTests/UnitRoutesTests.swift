import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MusterApp
import MusterDomain
import MusterTestSupport
import Testing

@testable import MusterServer

@Suite("Unit routes")
struct UnitRoutesTests {
    @Test("an admin imports a unit file; every signed-in user reads the tree; bad files list every error")
    func importAndList() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let signedIn = try await SignedInClients.make(useCases)
            let file = ByteBuffer(string: "code,parent,name,name_en\nCITY,,市公安局,City Bureau\nCITY.N,CITY,北区分局,North\n")
            try await testApplication(useCases).test(.router) { client in
                try await client.execute(
                    uri: "/units/import?file=u.csv&dryRun=true", method: .post, headers: signedIn.headers(.admin),
                    body: file
                ) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#""created":2"#))
                }
                try await client.execute(uri: "/units", method: .get, headers: signedIn.headers(.officer)) { response in
                    #expect(String(buffer: response.body) == #"{"units":[]}"#)
                }
                try await client.execute(
                    uri: "/units/import?file=u.csv", method: .post, headers: signedIn.headers(.admin), body: file
                ) { #expect($0.status == .ok) }
                try await client.execute(
                    uri: "/units/import", method: .post, headers: signedIn.headers(.hr), body: file
                ) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/units", method: .get, headers: signedIn.headers(.officer)) { response in
                    struct List: Decodable {
                        struct Entry: Decodable, Equatable {
                            var code: String
                            var parentCode: String?
                            var nameZh: String
                            var nameEn: String
                            var depth: Int
                            var officers: Int
                        }
                        var units: [Entry]
                    }
                    let list = try JSONDecoder().decode(List.self, from: Data(buffer: response.body))
                    #expect(
                        list.units == [
                            .init(
                                code: "CITY", parentCode: nil, nameZh: "市公安局", nameEn: "City Bureau", depth: 0,
                                officers: 0),
                            .init(
                                code: "CITY.N", parentCode: "CITY", nameZh: "北区分局", nameEn: "North", depth: 1,
                                officers: 0),
                        ])
                }
                let bad = ByteBuffer(string: "code,parent,name\nCITY.S,CITY.NOPE,南区\n")
                try await client.execute(
                    uri: "/units/import?file=bad.csv", method: .post, headers: signedIn.headers(.admin), body: bad
                ) { response in
                    #expect(response.status == .badRequest)
                    let body = String(buffer: response.body)
                    #expect(body.contains(#""code":"units_rejected""#))
                    #expect(body.contains("bad.csv:2:8: error: unknown parent unit 'CITY.NOPE'"))
                }
            }
        }
    }
}
