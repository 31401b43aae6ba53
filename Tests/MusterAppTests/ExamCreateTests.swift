import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

@Suite("Creating exams from blueprints")
struct ExamCreateTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Exams/computer-literacy-written.yaml")

    static func prepared(_ database: Database) async throws -> UseCases {
        let useCases = UseCases(database: database, logger: database.logger)
        for bank in ShippedBanks.yamlBanks where bank.fileName.contains("computer-literacy") {
            _ = try await useCases.importBank([bank], context: useCases.admin)
        }
        for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
        return useCases
    }

    @Test("the example exam is created over the pinned bank version; forms assemble from it")
    func example() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = try await Self.prepared(database)
            let file = SourceFile(fileName: "e.yaml", text: try String(contentsOf: Self.example, encoding: .utf8))
            let trainer = useCases.signedIn("trainer", [RoleGrant(role: .trainer, unitScope: "PSB.TRAIN")])
            let dry = try await useCases.createExam(file, dryRun: true, context: trainer)
            #expect((dry.outcome, dry.items, dry.points) == (.dryRun, 20, 40))
            #expect(try await useCases.createExam(file, context: trainer).version == 1)
            #expect(try await useCases.createExam(file, context: trainer).outcome == .unchanged)
            let stored = try await useCases.showExam("computer-literacy-written", context: trainer)
            #expect(stored.exam.sections.map(\.count) == [6, 6, 4, 4])
            #expect(stored.createdBy == "trainer")
            let items = try await database.transaction {
                try await BankRepository(logger: database.logger).version(bank: "computer-literacy", version: 1, on: $0)
            }
            let form = try FormAssembler.form(
                exam: stored.exam, items: try #require(items).1, badge: "P100001", attempt: 1
            ).get()
            #expect(form.count == 20)
            await #expect { try await useCases.listExams(context: useCases.hr) } throws: {
                ($0 as? MusterError)?.code == "forbidden"
            }
        }
    }

    @Test("a blueprint the bank cannot fill, an exam its track does not list, and file mistakes are refused")
    func refusals() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = try await Self.prepared(database)
            let text = try String(contentsOf: Self.example, encoding: .utf8)
            let greedy = SourceFile(
                fileName: "g.yaml",
                text: text.replacingOccurrences(of: "difficulty: easy, count: 4", with: "difficulty: easy, count: 40"))
            await #expect { try await useCases.createExam(greedy, context: useCases.admin) } throws: {
                ($0 as? MusterError)?.details == [
                    "section 'hardware' needs 40 easy items on hardware, computer-concepts; bank computer-literacy version 1 has 9"
                ]
            }
            let stray = SourceFile(
                fileName: "s.yaml",
                text: text.replacingOccurrences(of: "exam: computer-literacy-written", with: "exam: typing-speed"))
            await #expect { try await useCases.createExam(stray, context: useCases.admin) } throws: {
                ($0 as? MusterError)?.code == "exam_not_in_track"
            }
            let broken = SourceFile(fileName: "b.yaml", text: "exam: x\ntrack: computer-literacy\nreview: maybe\n")
            await #expect { try await useCases.createExam(broken, context: useCases.admin) } throws: {
                ($0 as? MusterError)?.code == "exam_rejected"
                    && ($0 as? MusterError)?.details.contains(
                        "b.yaml:3:9: error: 'review' must be none, score or responses, not 'maybe'")
                        == true
            }
        }
    }
}
