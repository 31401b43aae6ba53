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

@Suite("Grading routes")
struct GradingRoutesTests {
    @Test("officers read their own results; the queue is the graders'; bad marks are 4xx JSON with stable codes")
    func routes() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let seeded = try await useCases.seedDemoDataIfEmpty()
            let signedIn = try await SignedInClients.make(useCases)
            let officerToken = try await useCases.login(
                SignIn(
                    username: "demo.officer", password: try #require(seeded.demoAccounts["demo.officer"]),
                    client: "test")
            ).token
            try await testApplication(useCases).test(.router) { client in
                try await client.execute(
                    uri: "/me/results", method: .get, headers: [.authorization: "Bearer \(officerToken)"]
                ) { response in
                    #expect(response.status == .ok)
                    let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    #expect(body?["results"] is [Any])
                }
                // An account without a badge has no results, as it has no sittings.
                try await client.execute(uri: "/me/results", method: .get, headers: signedIn.headers(.hr)) {
                    #expect($0.status == .ok)
                    #expect(String(buffer: $0.body) == #"{"results":[]}"#)
                }
                try await client.execute(uri: "/grading/queue", method: .get, headers: signedIn.headers(.trainer)) {
                    #expect($0.status == .ok)
                    #expect(String(buffer: $0.body).hasPrefix(#"{"pending":["#))
                }
                try await client.execute(uri: "/grading/queue", method: .get, headers: signedIn.headers(.proctor)) {
                    #expect($0.status == .forbidden)
                }
                let cases: [(String, String, HTTPResponse.Status, String)] = [
                    ("/attempts/1/marks/1", #"{"points": 3, "measurement": 11}"#, .badRequest, "invalid_mark"),
                    ("/attempts/1/marks/1", #"{"note": "no mark"}"#, .badRequest, "invalid_mark"),
                    ("/attempts/1/marks/one", #"{"points": 3}"#, .badRequest, "invalid_position"),
                    ("/attempts/999999/marks/1", #"{"points": 3}"#, .notFound, "attempt_not_found"),
                    ("/attempts/x/marks/1", #"{"points": 3}"#, .notFound, "attempt_not_found"),
                    ("/attempts/1/marks/1", #"{"rubric": "all good"}"#, .badRequest, "invalid_body"),
                ]
                for (uri, body, status, code) in cases {
                    try await client.execute(
                        uri: uri, method: .post, headers: signedIn.headers(.trainer), body: ByteBuffer(string: body)
                    ) { response in
                        #expect(response.status == status, "\(uri) \(body)")
                        #expect(String(buffer: response.body).contains(#""code":"\#(code)""#), "\(uri) \(body)")
                    }
                }
            }
        }
    }
}
