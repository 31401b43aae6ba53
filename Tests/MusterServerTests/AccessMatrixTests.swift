import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MusterDomain
import MusterTestSupport
import Testing
import Yams

@testable import MusterServer

@Suite("Access control on every route")
struct AccessMatrixTests {
    /// Every operation in the OpenAPI document, as `METHOD /path`.
    static func documentedOperations() throws -> [(method: HTTPRequest.Method, path: String, isPublic: Bool)] {
        let document = try #require(
            try Yams.load(yaml: String(decoding: OpenAPIDocument.yaml, as: UTF8.self)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, operations in
            operations.compactMap { method, operation -> (HTTPRequest.Method, String, Bool)? in
                guard let httpMethod = HTTPRequest.Method(method.uppercased()) else { return nil }
                let security = (operation as? [String: Any])?["security"] as? [Any]
                return (httpMethod, path, security?.isEmpty == true)
            }
        }.sorted { "\($0.1) \($0.0)" < "\($1.1) \($1.0)" }
    }

    @Test("every documented route has an access decision, and every decision a documented route")
    func decisionsMatchDocument() throws {
        let documented = Set(try Self.documentedOperations().map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented == Set(AccessPolicy.decisions.keys))
        for operation in try Self.documentedOperations() {
            let isEveryone = AccessPolicy.access(operation.method, operation.path) == .everyone
            #expect(operation.isPublic == isEveryone, "security of \(operation.method) \(operation.path)")
        }
    }

    @Test("each route × each caller: 401 without a session, 403 without a permitted role, otherwise through")
    func matrix() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let signedIn = try await SignedInClients.make(useCases)
            let operations = try Self.documentedOperations()
            try await testApplication(useCases).test(.router) { client in
                for operation in operations where operation.path != "/auth/logout" {
                    let access = try #require(AccessPolicy.access(operation.method, operation.path))
                    let uri = operation.path.replacingOccurrences(
                        of: #"\{[a-z]+\}"#,
                        with: "no-such-thing",
                        options: .regularExpression
                    )
                    for role in [nil] + Role.allCases.map(Optional.some) {
                        let status = try await client.execute(
                            uri: uri,
                            method: operation.method,
                            headers: signedIn.headers(role),
                            body: ByteBuffer(string: "{}")
                        ) { $0.status }
                        let caller = role?.rawValue ?? "anonymous"
                        let principal = role.map {
                            Principal(
                                userID: 0, username: "", displayName: "", badge: nil, grants: [RoleGrant(role: $0)])
                        }
                        if access.allows(principal) {
                            #expect(
                                status != .unauthorized && status != .forbidden,
                                "\(caller) \(operation.method) \(operation.path) got \(status)")
                        } else if role == nil {
                            #expect(
                                status == .unauthorized, "\(caller) \(operation.method) \(operation.path) got \(status)"
                            )
                        } else {
                            #expect(
                                status == .forbidden, "\(caller) \(operation.method) \(operation.path) got \(status)")
                        }
                    }
                }
                // Logout last: it ends the session it is called with.
                for role in Role.allCases {
                    try await client.execute(uri: "/auth/logout", method: .post, headers: signedIn.headers(role)) {
                        #expect($0.status == .noContent)
                    }
                    try await client.execute(uri: "/auth/me", method: .get, headers: signedIn.headers(role)) {
                        #expect($0.status == .unauthorized)
                    }
                }
                try await client.execute(uri: "/auth/logout", method: .post) { #expect($0.status == .unauthorized) }
            }
        }
    }

    @Test("401 and 403 are JSON with stable codes; a forged token is not a session")
    func errorBodies() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let signedIn = try await SignedInClients.make(useCases)
            try await testApplication(useCases).test(.router) { client in
                try await client.execute(uri: "/users", method: .get) { response in
                    #expect(String(buffer: response.body).contains(#""code":"unauthenticated""#))
                }
                try await client.execute(uri: "/users", method: .get, headers: [.authorization: "Bearer forged-token"])
                { response in
                    #expect(response.status == .unauthorized)
                }
                try await client.execute(uri: "/users", method: .get, headers: signedIn.headers(.officer)) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains(#""code":"forbidden""#))
                }
            }
        }
    }
}
