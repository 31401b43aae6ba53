import Foundation
import MusterDomain
import MusterFormats
import MusterTestSupport
import PostgresNIO
import PropertyBased
import Testing

@testable import MusterApp

@Suite("Arbitrary input through the import path")
struct ImportFuzzTests {
    @Test("random bytes in any format: a diagnostic error, never a crash, nothing written")
    func randomBytesWriteNothing() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let formats: [BankFormat?] = [nil] + BankFormat.allCases
            let written = Tally()
            await propertyCheck(
                count: 60,
                input: Gen.uint8(in: 0...255).array(of: 0...400),
                Gen.int(in: 0..<formats.count)
            ) { bytes, formatIndex in
                let source = SourceFile(fileName: "fuzz.txt", text: String(decoding: bytes, as: UTF8.self))
                do {
                    let report = try await useCases.importBank(
                        [source],
                        format: formats[formatIndex],
                        bankName: "fuzz",
                        context: useCases.signedIn("fuzz", [RoleGrant(role: .trainer)])
                    )
                    // Free text is a valid GIFT description item, so some inputs do import; whole.
                    if report.outcome == .created { written.add(items: report.itemCount) }
                } catch let error as MusterError {
                    #expect(error.kind == .invalidInput, "\(error)")
                    #expect(error.code == "import_rejected" ? !error.details.isEmpty : true)
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
            let rows = try await database.client.query("SELECT count(*) FROM bank_versions")
            var versions = -1
            for try await count in rows.decode(Int.self) { versions = count }
            #expect(versions == written.versions)
            let items = try await database.client.query("SELECT count(*) FROM bank_items")
            for try await count in items.decode(Int.self) { #expect(count == written.items) }
        }
    }
}

/// Counts what the fuzzed imports wrote.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = (versions: 0, items: 0)

    func add(items: Int) { lock.withLock { counts = (counts.versions + 1, counts.items + items) } }
    var versions: Int { lock.withLock { counts.versions } }
    var items: Int { lock.withLock { counts.items } }
}
