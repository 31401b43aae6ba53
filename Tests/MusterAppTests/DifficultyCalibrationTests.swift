import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

@Suite("Measured difficulty written into the bank's next version")
struct DifficultyCalibrationTests {
    @Test(
        "a dry run lists the changes; the run writes them (and nothing else) into a new version, audited; again changes nothing"
    )
    func writesMeasuredTags() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(
                database: database, passwordHasher: PasswordHasher(cost: 4), logger: database.logger)
            _ = try await useCases.seedDemoDataIfEmpty()
            // No medium band, so every calibrated item tagged medium by hand changes.
            let rules = MeasuredDifficulty(easyBelow: 0, hardAbove: 0, minimumResponses: 5)
            let dry = try await useCases.writeMeasuredDifficulty(
                exam: "police-pr-written", rules: rules, dryRun: true, context: useCases.trainer)
            #expect(!dry.changes.isEmpty)
            #expect(dry.newVersion == nil)
            #expect(dry.basedOnVersion == 1)
            #expect(dry.changes.allSatisfy { ($0.logit < 0) == ($0.after == .easy) && $0.responses >= 5 })
            #expect(
                try await useCases.showBank("police-public-relations", context: useCases.trainer).version.version == 1)

            let written = try await useCases.writeMeasuredDifficulty(
                exam: "police-pr-written", rules: rules, context: useCases.trainer)
            #expect(written.changes == dry.changes)
            #expect(written.newVersion == 2)
            let before = try await useCases.showBank("police-public-relations", version: 1, context: useCases.trainer)
            let after = try await useCases.showBank("police-public-relations", version: 2, context: useCases.trainer)
            #expect(after.items.count == before.items.count)
            let changed = Dictionary(uniqueKeysWithValues: written.changes.map { ($0.item, $0.after) })
            for (old, new) in zip(before.items, after.items) {
                #expect(new.difficulty == changed[old.id] ?? old.difficulty, "\(old.id)")
                var same = new
                same.difficulty = old.difficulty
                same.source = old.source
                #expect(same == old, "\(old.id): only the difficulty may change")
            }
            let audit = try await useCases.database.withConnection { connection in
                try await connection.query(
                    "SELECT count(*)::int FROM audit_log WHERE action = 'bank.calibrate'", logger: useCases.logger
                ).collect().first?.decode(Int.self)
            }
            #expect(audit == 1)

            let again = try await useCases.writeMeasuredDifficulty(
                exam: "police-pr-written", rules: rules, context: useCases.trainer)
            #expect(again.changes.isEmpty)
            #expect(again.newVersion == nil)
            #expect(again.basedOnVersion == 2)

            #expect(
                await OfficerScopeTests.code {
                    _ = try await useCases.writeMeasuredDifficulty(exam: "police-pr-written", context: useCases.hr)
                } == "forbidden")
            #expect(
                await OfficerScopeTests.code {
                    _ = try await useCases.writeMeasuredDifficulty(exam: "nope", context: useCases.trainer)
                } == "exam_not_found")
        }
    }
}
