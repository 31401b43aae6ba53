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

@Suite("Sitting routes")
struct SittingRoutesTests {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("trainers schedule and enroll over HTTP; refusals are JSON with reasons; officers see their own")
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
            let start = useCases.today.addingDays(30)
            try await testApplication(useCases).test(.router) { client in
                try await client.execute(
                    uri: "/me/sittings", method: .get, headers: [.authorization: "Bearer \(officerToken)"]
                ) { response in
                    #expect(response.status == .ok)
                    let body = String(buffer: response.body)
                    #expect(body.contains(#""exam":"computer-literacy-written""#))
                    #expect(!body.contains("accessCode"))
                }
                try await client.execute(uri: "/sittings", method: .get, headers: signedIn.headers(.officer)) {
                    #expect($0.status == .forbidden)
                }
                try await client.execute(uri: "/sittings", method: .get, headers: signedIn.headers(.proctor)) {
                    response in
                    #expect(response.status == .ok)
                    // The demo's three sittings to come and its finished one, each with its code.
                    #expect(String(buffer: response.body).components(separatedBy: #""accessCode""#).count == 5)
                }
                let plan = """
                    {"exam":"computer-literacy-written","venue":"Room 7","capacity":2,
                     "start":"\(start)T09:00","end":"\(start)T10:00"}
                    """
                var code = ""
                try await client.execute(
                    uri: "/sittings", method: .post, headers: signedIn.headers(.trainer), body: Self.json(plan)
                ) { response in
                    #expect(response.status == .created)
                    let sitting = try JSONDecoder.iso8601.decode(Sitting.self, from: Data(buffer: response.body))
                    #expect(sitting.venue == "Room 7")
                    code = sitting.code
                }
                try await client.execute(
                    uri: "/sittings", method: .post, headers: signedIn.headers(.trainer), body: Self.json(plan)
                ) { response in
                    #expect(response.status == .conflict)
                    #expect(String(buffer: response.body).contains(#""code":"venue_double_booked""#))
                }
                try await client.execute(
                    uri: "/sittings", method: .post, headers: signedIn.headers(.trainer),
                    body: Self.json(plan.replacingOccurrences(of: "T09:00", with: "at nine"))
                ) { response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body).contains(#""code":"invalid_time""#))
                }
                try await client.execute(
                    uri: "/sittings/\(code)/enrollments", method: .post, headers: signedIn.headers(.trainer),
                    body: Self.json(
                        #"{"candidates":[{"badge":"NOBODY"},{"badge":"P100001","accommodationMinutes":5}]}"#)
                ) { response in
                    #expect(response.status == .conflict)
                    let body = String(buffer: response.body)
                    #expect(body.contains(#""code":"enrollment_refused""#))
                    #expect(body.contains("NOBODY: officer_not_found: no officer with badge 'NOBODY' in your scope"))
                }
                try await client.execute(
                    uri: "/sittings/\(code)/enrollments/P100001", method: .delete, headers: signedIn.headers(.trainer)
                ) { response in
                    #expect(response.status == .notFound)
                    #expect(String(buffer: response.body).contains(#""code":"not_enrolled""#))
                }
                try await client.execute(
                    uri: "/sittings/\(code)/cancel", method: .post, headers: signedIn.headers(.trainer),
                    body: Self.json("{}")
                ) { #expect($0.status == .badRequest) }
                try await client.execute(
                    uri: "/sittings/\(code)/cancel", method: .post, headers: signedIn.headers(.trainer),
                    body: Self.json(#"{"reason":"room needed"}"#)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#""status":"cancelled""#))
                }
                try await client.execute(
                    uri: "/sittings/\(code)", method: .get, headers: signedIn.headers(.proctor)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains(#""cancelReason":"room needed""#))
                }
                try await client.execute(
                    uri: "/sittings/S20990101-01", method: .get, headers: signedIn.headers(.trainer)
                ) {
                    #expect($0.status == .notFound)
                }
            }
        }
    }
}

extension JSONDecoder {
    /// A decoder for the service's JSON, whose dates are ISO 8601.
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
