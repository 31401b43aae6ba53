import Foundation
import Hummingbird
import HummingbirdTesting
import MusterTestSupport
import Testing

@testable import MusterServer

@Suite("Hostile input gets a 400 with the field path, never a 500")
struct HostileInputTests {
    @Test(
        "malformed and mistyped JSON bodies name what is wrong",
        arguments: [
            ("{", "The request body is not valid: it is not well-formed JSON."),
            (#"{"username": 5, "password": "x"}"#, "The request body is not valid: username must be a string."),
            (#"{"username": "a"}"#, "The request body is not valid: password is required."),
            (#"[1, 2]"#, "The request body is not valid: body must be an object."),
        ]
    )
    func malformedJSON(body: String, message: String) async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            try await testApplication(testUseCases(database)).test(.router) { client in
                try await client.execute(uri: "/auth/login", method: .post, body: ByteBuffer(string: body)) {
                    response in
                    #expect(response.status == .badRequest)
                    let payload = try JSONDecoder().decode(
                        [String: APIError.Payload].self, from: Data(buffer: response.body))
                    #expect(payload["error"]?.code == "invalid_body")
                    #expect(payload["error"]?.message == message)
                }
            }
        }
    }

    @Test("a JSON body over 64 KiB is refused with 413; unknown fields are ignored")
    func limits() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            try await testApplication(testUseCases(database)).test(.router) { client in
                let huge = #"{"username": ""# + String(repeating: "a", count: 70_000) + #"", "password": "x"}"#
                try await client.execute(uri: "/auth/login", method: .post, body: ByteBuffer(string: huge)) {
                    response in
                    #expect(response.status == .contentTooLarge)
                }
                let extra = #"{"username": "nobody.here", "password": "whatever", "isAdmin": true}"#
                try await client.execute(uri: "/auth/login", method: .post, body: ByteBuffer(string: extra)) {
                    response in
                    #expect(response.status == .unauthorized)
                }
            }
        }
    }
}
