import Foundation
import Hummingbird
import HummingbirdTesting
import MusterApp
import MusterTestSupport
import Prometheus
import Testing

@testable import MusterServer

@Suite("Bank routes")
struct BankRoutesTests {
    @Test("upload imports a bank, reports diagnostics as JSON, and serves it back")
    func uploadAndRead() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let signedIn = try await SignedInClients.make(useCases)
            let trainer = signedIn.headers(.trainer)
            try await testApplication(useCases).test(.router) { client in
                let good = ByteBuffer(string: "$CATEGORY: law\n\n::w1::Warning shots are fired upward. {T}\n")
                try await client.execute(
                    uri: "/banks/import?file=law.gift&dryRun=true", method: .post, headers: trainer, body: good
                ) {
                    response in
                    #expect(response.status == .ok)
                    let report = try JSONDecoder().decode(BankImportReport.self, from: Data(buffer: response.body))
                    #expect(report.outcome == .dryRun)
                }
                try await client.execute(
                    uri: "/banks/import?file=law.gift&bank=weapons-law", method: .post, headers: trainer, body: good
                ) {
                    response in
                    #expect(response.status == .created)
                    let report = try JSONDecoder().decode(BankImportReport.self, from: Data(buffer: response.body))
                    #expect(report.version == 1)
                    #expect(report.itemCount == 1)
                }
                let bad = ByteBuffer(string: "::w2::Pi {#3,14}\n")
                try await client.execute(
                    uri: "/banks/import?file=bad.gift&bank=weapons-law", method: .post, headers: trainer, body: bad
                ) {
                    response in
                    #expect(response.status == .badRequest)
                    let body = try JSONDecoder().decode(
                        [String: APIError.Payload].self, from: Data(buffer: response.body))
                    #expect(body["error"]?.code == "import_rejected")
                    #expect(
                        body["error"]?.details == [
                            "bad.gift:1:12: error: numeric answer '3,14' is not a number; use a dot for decimals"
                        ])
                }
                try await client.execute(uri: "/banks/import?format=word", method: .post, headers: trainer, body: good)
                { response in
                    #expect(response.status == .badRequest)
                }
                try await client.execute(uri: "/banks/weapons-law", method: .get, headers: trainer) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("Warning shots are fired upward."))
                }
                try await client.execute(uri: "/banks/weapons-law?version=abc", method: .get, headers: trainer) {
                    response in
                    #expect(response.status == .badRequest)
                }
                try await client.execute(uri: "/banks/unknown", method: .get, headers: trainer) { response in
                    #expect(response.status == .notFound)
                }
                try await client.execute(uri: "/banks", method: .get, headers: trainer) { response in
                    #expect(String(buffer: response.body).contains(#""bank":"weapons-law""#))
                }
            }
        }
    }

    @Test("an upload larger than the limit is refused with 413 and a JSON error")
    func tooLarge() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let admin = try await SignedInClients.make(useCases).headers(.admin)
            try await testApplication(useCases).test(.router) { client in
                let huge = ByteBuffer(repeating: UInt8(ascii: "x"), count: BankRoutes.maximumUploadSize + 1)
                try await client.execute(uri: "/banks/import", method: .post, headers: admin, body: huge) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(String(buffer: response.body).contains("body_too_large"))
                }
            }
        }
    }
}
