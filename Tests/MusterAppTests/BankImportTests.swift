import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Importing question banks")
struct BankImportTests {
    static let version1 = SourceFile(
        fileName: "networks.gift",
        text: "$CATEGORY: networks\n\n::port::HTTP's port? {#80}\n\n::tcp::TCP is connection-oriented. {T}\n"
    )
    static let version2 = SourceFile(
        fileName: "networks.gift",
        text:
            "$CATEGORY: networks\n\n::port::HTTP's port? {#80}\n\n::tcp::TCP is connection-oriented. {TRUE}\n\n::udp::UDP? {F}\n"
    )

    static func count(_ table: String, _ database: Database) async throws -> Int {
        let rows = try await database.client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))
        for try await count in rows.decode(Int.self) { return count }
        return -1
    }

    @Test("a first import creates version 1; identical content is a no-op; a change creates version 2")
    func versions() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let first = try await useCases.importBank([Self.version1], context: useCases.trainer)
            #expect(first.outcome == .created)
            #expect(first.version == 1)
            #expect(first.bank == "networks")
            #expect(first.itemsByType == ["numeric": 1, "true-false": 1])

            let again = try await useCases.importBank([Self.version1], context: useCases.trainer)
            #expect(again.outcome == .unchanged)
            #expect(again.version == 1)

            let second = try await useCases.importBank([Self.version2], context: useCases.trainer)
            #expect(second.outcome == .created)
            #expect(second.version == 2)
            #expect(second.contentHash != first.contentHash)

            let old = try await useCases.showBank("networks", version: 1, context: useCases.admin)
            #expect(old.items.map(\.id) == ["port", "tcp"])
            #expect(old.items[0].source == SourcePosition(file: "networks.gift", line: 3, column: 1))
            let newest = try await useCases.showBank("networks", context: useCases.admin)
            #expect(newest.version.version == 2)
            #expect(newest.items.map(\.id) == ["port", "tcp", "udp"])
            #expect(try await useCases.listBanks(context: useCases.admin).map(\.version) == [2])
            #expect(
                try await Self.count("audit_log WHERE action = 'bank.import' AND actor = 'trainer-li'", database) == 2)
        }
    }

    @Test("a file with errors writes nothing and lists every error")
    func allOrNothing() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let good = SourceFile(fileName: "good.gift", text: "::a::Fine {T}\n")
            let bad = SourceFile(fileName: "bad.gift", text: "::b::Pi {#3,14}\n\n::c::Q {~x ~y}\n")
            await #expect {
                try await useCases.importBank([good, bad], bankName: "mixed", context: useCases.trainer)
            } throws: { error in
                guard let error = error as? MusterError else { return false }
                return error.code == "import_rejected"
                    && error.details == [
                        "bad.gift:1:11: error: numeric answer '3,14' is not a number; use a dot for decimals",
                        "bad.gift:3:8: error: no answer earns credit: mark the right answer with '=' or give weights such as ~%50%",
                    ]
            }
            let counts = [
                try await Self.count("question_banks", database), try await Self.count("bank_items", database),
                try await Self.count("audit_log", database),
            ]
            #expect(counts == [0, 0, 0])
        }
    }

    @Test("the same id in two files of one import is an error naming both places")
    func duplicateAcrossFiles() {
        let first = SourceFile(fileName: "a.gift", text: "::q1::One {T}\n")
        let second = SourceFile(fileName: "b.gift", text: "::q1::Two {F}\n")
        #expect {
            try UseCases.checkBank([first, second], bankName: "dup")
        } throws: { error in
            (error as? MusterError)?.details == [
                "b.gift:1:1: error: item id 'q1' is also used at a.gift:1:1; ids must be unique in a bank"
            ]
        }
    }

    @Test("stored versions, their items and the audit log cannot be changed")
    func immutability() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            _ = try await useCases.importBank([Self.version1], context: useCases.trainer)
            for statement in [
                "UPDATE bank_items SET points = 5", "DELETE FROM bank_versions", "UPDATE audit_log SET actor = 'x'",
                "DELETE FROM audit_log", "TRUNCATE audit_log",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") {
                    try await database.client.query(PostgresQuery(unsafeSQL: statement))
                }
            }
            let items = try await Self.count("bank_items", database)
            let auditRows = try await Self.count("audit_log", database)
            #expect(items == 2)
            #expect(auditRows == 1)
        }
    }

    @Test("a missing bank or version is not found")
    func notFound() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            await #expect { try await useCases.showBank("nope", context: useCases.admin) } throws: {
                ($0 as? MusterError)?.code == "bank_not_found"
            }
            _ = try await useCases.importBank([Self.version1], context: useCases.trainer)
            await #expect { try await useCases.showBank("networks", version: 9, context: useCases.admin) } throws: {
                ($0 as? MusterError)?.message == "There is no version 9 of bank 'networks'."
            }
        }
    }

    @Test("export to YAML reads back to the same items; GIFT export warns about what it cannot hold")
    func export() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let yamlSource = SourceFile(
                fileName: "x.yaml",
                text: """
                    bank: export-check
                    items:
                      - id: ord
                        type: ordering
                        prompt: {zh-CN: "排序", en: "Order"}
                        topics: [tactics]
                        sequence: ["one", "two"]
                      - id: tf
                        type: true-false
                        prompt: "Fine"
                        topics: [tactics]
                        answer: true
                    """
            )
            _ = try await useCases.importBank([yamlSource], context: useCases.trainer)
            let (yaml, yamlWarnings) = try await useCases.exportBank("export-check", to: .yaml, context: useCases.admin)
            #expect(yamlWarnings.isEmpty)
            let reread = YAMLBankReader().parse(yaml, file: "e.yaml")
            let stored = try await useCases.showBank("export-check", context: useCases.admin).items
            #expect(reread.items.map(\.withoutSource) == stored.map(\.withoutSource))
            let (_, giftWarnings) = try await useCases.exportBank("export-check", to: .gift, context: useCases.admin)
            #expect(giftWarnings == ["item 'ord': GIFT holds one language per text"])
        }
    }
}
