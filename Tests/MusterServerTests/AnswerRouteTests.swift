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

/// The save route reads its body with the byte-level reader when it can and with JSONDecoder
/// otherwise: both must lead to the same answers, and bodies JSON does not allow to the same
/// `invalid_body` error.
@Suite("Answer save route")
struct AnswerRouteTests {
    @Test("bodies read fast or by JSONDecoder reach the same answer; malformed ones are invalid_body")
    func bodies() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let seeded = try await useCases.seedDemoDataIfEmpty()
            let token = try await useCases.login(
                SignIn(
                    username: "demo.officer", password: try #require(seeded.demoAccounts["demo.officer"]),
                    client: "test")
            ).token
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            try await testApplication(useCases).test(.router) { client in
                func code(_ body: String) async throws -> (HTTPResponse.Status, String?) {
                    try await client.execute(
                        uri: "/attempts/999999/answers/1", method: .put, headers: headers,
                        body: ByteBuffer(string: body)
                    ) { response in
                        let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                        return (response.status, (json?["error"] as? [String: Any])?["code"] as? String)
                    }
                }
                // Read (fast, or by JSONDecoder for the unknown key and the spacing): the save goes
                // on to find that the officer has no such attempt.
                for body in [
                    #"{"sequence": 1, "answer": {"choice": 0}, "flagged": true}"#,
                    #"{"sequence": 1, "answer": {"choice": 0}, "client": "terminal 7"}"#,
                    #"{ "answer" : null , "sequence" : 2 }"#,
                ] {
                    let (status, error) = try await code(body)
                    #expect((status, error) == (.notFound, "attempt_not_found"), "\(body)")
                }
                // Not JSON, or not the save's shape: refused before anything is looked up.
                for body in [
                    #"{"sequence": 1.5}"#, #"{"sequence": 1, "answer": {"number": +1}}"#,
                    #"{"sequence": 1, "answer": {"number": .5}}"#, #"{"answer": {"choice": 0}}"#,
                    #"{"sequence": 1, "answer": {}}"#, #"{"sequence": 1"#,
                ] {
                    let (status, error) = try await code(body)
                    #expect((status, error) == (.badRequest, "invalid_body"), "\(body)")
                }
            }
        }
    }
}
