import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MusterApp
import MusterDomain
import MusterTestSupport
import Testing

@testable import MusterServer

@Suite("Sign-in over HTTP")
struct SignInRoutesTests {
    static func body(_ username: String, _ password: String) -> ByteBuffer {
        ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    @Test("throttled sign-ins answer 429 with Retry-After, alike for real and unknown usernames")
    func throttled() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            _ = try await SignedInClients.make(useCases)
            try await testApplication(useCases).test(.router) { client in
                for username in ["test.trainer", "no.such.user"] {
                    var statuses: [HTTPResponse.Status] = []
                    var retryAfter: String?
                    for _ in 0..<5 {
                        try await client.execute(
                            uri: "/auth/login", method: .post, body: Self.body(username, "wrong pw")
                        ) { response in
                            statuses.append(response.status)
                            retryAfter = response.headers[.retryAfter]
                            if response.status == .tooManyRequests {
                                #expect(String(buffer: response.body).contains(#""code":"login_throttled""#))
                            }
                        }
                    }
                    #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
                    #expect(retryAfter == "5")
                }
            }
        }
    }

    @Test("200 concurrent sign-ins over HTTP: no 5xx, most succeed, the rest throttled, while /ready keeps answering")
    func storm() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            _ = try await SignedInClients.make(useCases)
            try await testApplication(useCases).test(.live) { client in
                // Our own HTTP client with a long timeout: the test client's fixed 20 s measured the
                // CI machine's load (every suite runs at once) rather than the server.
                let base = "http://127.0.0.1:\(try #require(client.port))"
                @Sendable func send(_ path: String, _ body: String?) async throws -> HTTPResponse.Status {
                    var request = HTTPClientRequest(url: base + path)
                    if let body {
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: body))
                    }
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(180))
                    _ = try await response.body.collect(upTo: 1 << 20)
                    return HTTPResponse.Status(code: Int(response.status.code))
                }
                let statuses = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                    for _ in 0..<200 {
                        group.addTask {
                            let body = #"{"username":"test.trainer","password":"password-trainer-1"}"#
                            return ("login", try await send("/auth/login", body))
                        }
                    }
                    for _ in 0..<20 {
                        group.addTask { ("ready", try await send("/ready", nil)) }
                    }
                    var statuses: [(String, HTTPResponse.Status)] = []
                    for try await status in group { statuses.append(status) }
                    return statuses
                }
                let logins = statuses.filter { $0.0 == "login" }.map(\.1)
                #expect(logins.count == 200)
                #expect(!logins.contains { $0.code >= 500 })
                // One terminal (this test's address) signing in 200 times at once: each attempt is
                // counted before its check, so some right passwords meet the throttle (429) while
                // others are still in flight; none may fail otherwise, and most get through.
                let counts = Dictionary(grouping: logins, by: \.code).mapValues(\.count)
                #expect(logins.allSatisfy { [.ok, .tooManyRequests].contains($0) }, "\(counts)")
                #expect(logins.filter { $0 == .ok }.count >= 120, "\(counts)")
                #expect(statuses.filter { $0.0 == "ready" }.allSatisfy { $0.1 == .ok })
            }
        }
    }

    @Test("an exam-room terminal signs an officer in by badge; a badge has one account; neither or both names is 400")
    func signInByBadge() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let admin = useCases.operatorContext(name: "test")
            _ = try await useCases.addUser(
                NewAccount(
                    username: "officer.b7", displayName: "B7", password: "password-b7-1", badge: "B7",
                    grants: [RoleGrant(role: .officer)]), context: admin)
            do {
                _ = try await useCases.addUser(
                    NewAccount(
                        username: "officer.b7.again", displayName: "B7", password: "password-b7-2", badge: "B7",
                        grants: [RoleGrant(role: .officer)]), context: admin)
                Issue.record("a second account was made for badge B7")
            } catch let error as MusterError {
                #expect(error.code == "badge_has_account")
            }
            try await testApplication(useCases).test(.router) { client in
                func login(_ body: String) async throws -> (HTTPResponse.Status, String) {
                    try await client.execute(uri: "/auth/login", method: .post, body: ByteBuffer(string: body)) {
                        ($0.status, String(buffer: $0.body))
                    }
                }
                let signedIn = try await login(#"{"badge":"B7","password":"password-b7-1"}"#)
                #expect(signedIn.0 == .ok)
                #expect(signedIn.1.contains(#""username":"officer.b7""#))
                let token =
                    try #require(
                        try JSONSerialization.jsonObject(with: Data(signedIn.1.utf8)) as? [String: Any])["token"]
                    as? String
                try await client.execute(
                    uri: "/me/sittings", method: .get, headers: [.authorization: "Bearer \(token ?? "")"]
                ) { #expect($0.status == .ok) }
                let wrong = try await login(#"{"badge":"B7","password":"wrong pw"}"#)
                #expect(wrong.0 == .unauthorized)
                #expect(wrong.1.contains(#""code":"invalid_credentials""#))
                let unknown = try await login(#"{"badge":"NOBODY","password":"password-b7-1"}"#)
                #expect(unknown.0 == .unauthorized)
                let both = try await login(#"{"username":"officer.b7","badge":"B7","password":"password-b7-1"}"#)
                #expect(both.0 == .badRequest)
                #expect(both.1.contains(#""code":"invalid_credentials_shape""#))
                let neither = try await login(#"{"password":"password-b7-1"}"#)
                #expect(neither.0 == .badRequest)
                // A badge with an account and one without meet the throttle alike: the answers
                // to repeated wrong passwords cannot tell them apart.
                var known: [HTTPResponse.Status] = []
                var unknownBadge: [HTTPResponse.Status] = []
                for _ in 0..<5 {
                    known.append(try await login(#"{"badge":"B7","password":"wrong pw"}"#).0)
                    unknownBadge.append(try await login(#"{"badge":"NOBODY","password":"wrong pw"}"#).0)
                }
                #expect(known == unknownBadge)
                #expect(known.last == .tooManyRequests)
            }
        }
    }
}
