import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterFormats
import MusterStore
import PostgresNIO

/// Regrades a generated exam end to end (read the answer logs and forms, score, write results and
/// marks) on a real database and prints attempts/s.
struct RegradeBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regrade",
        abstract: "Regrade N attempts × 50 items end to end; print attempts/s (target: 100,000 in under 10 s)."
    )

    @Option(help: "Officers sitting (each sits every sitting).") var officers = 1_000
    @Option(help: "Sittings; attempts = officers × sittings.") var sittings = 100
    @Option(help: "Items on each form, drawn from a bank of items + 10.") var items = 50
    @Flag(help: "Keep the generated database (and leave the cluster running) to inspect it.") var keepDatabase = false

    func run() async throws {
        let (officers, sittings, items) = (self.officers, self.sittings, self.items)
        let progress: @Sendable (String) -> Void = { text in
            if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8)) }
        }
        try await BenchmarkDatabase.with(maximumConnections: 4, keep: keepDatabase) { database in
            let useCases = UseCases(database: database, logger: BenchmarkDatabase.logger)
            let admin = useCases.operatorContext(name: "benchmark")
            let setup = ContinuousClock.now
            progress("setting up: demo data")
            _ = try await useCases.seedDemoDataIfEmpty()
            let bank = Self.bank(size: items + 10, correct: { $0 % 4 })
            _ = try await useCases.importBank([bank], context: admin)
            _ = try await useCases.loadTrack(SourceFile(fileName: "bench.yaml", text: Self.track), context: admin)
            _ = try await useCases.createExam(
                SourceFile(fileName: "exam.yaml", text: Self.exam(items: items)), context: admin)
            progress("setting up: \(officers) officers")
            _ = try await useCases.importOfficers(
                SourceFile(fileName: "roster.csv", text: try await useCases.demoRosterCSV(size: officers)),
                context: admin)
            try await Self.attempts(useCases, officers: officers, sittings: sittings, progress: progress)
            let count = officers * sittings
            print(
                String(
                    format: "set up %d attempts × %d answers in %.1f s", count, items,
                    BenchmarkDatabase.seconds(since: setup)))
            for (label, prepare) in [
                ("first grading (every result and mark written)", { () async throws in }),
                ("again, nothing changed (read and score only)", { () async throws in }),
                (
                    "after a key correction (bank version 2, one item's key moved)",
                    { () async throws in
                        let corrected = Self.bank(size: items + 10, correct: { $0 == 0 ? 1 : $0 % 4 })
                        _ = try await useCases.importBank([corrected], context: admin)
                    }
                ),
            ] {
                try await prepare()
                let start = ContinuousClock.now
                let report = try await useCases.regrade(
                    RegradeRequest(exam: "bench-regrade", dryRun: false),
                    progress: { done, total in progress("regrading: \(done) of \(total)") }, context: admin)
                let seconds = BenchmarkDatabase.seconds(since: start)
                progress("")
                print(
                    String(
                        format: "%@: %d attempts in %.2f s (%.0f attempts/s), %d changed", label, report.examined,
                        seconds, Double(report.examined) / seconds, report.changes.count))
            }
        }
    }

    /// A bank of single-choice items with four options; `correct` names each item's right option.
    static func bank(size: Int, correct: (Int) -> Int) -> SourceFile {
        let items = (0..<size).map { index in
            Item(
                id: "r\(index)", prompt: LocalizedText("第 \(index) 题 Question \(index)"),
                kind: .singleChoice(
                    (0..<4).map {
                        ChoiceOption(text: LocalizedText("选项 \($0)"), fraction: $0 == correct(index) ? 1 : 0)
                    }),
                topics: ["bench"])
        }
        return SourceFile(
            fileName: "bench-regrade.yaml",
            text: YAMLBankWriter().write(name: "bench-regrade", title: nil, items: items))
    }

    static let track = """
        track: bench-track
        name: {en: "Benchmark track"}
        modules:
          - {code: m1, name: {en: "Module"}, hours: 1}
        exams:
          - {code: bench-regrade, kind: written}
        certificate:
          code: bench-certificate
          validity: 3
        """

    static func exam(items: Int) -> String {
        """
        exam: bench-regrade
        title: {en: "Regrade benchmark"}
        track: bench-track
        bank: bench-regrade
        bank_version: 1
        time_limit_minutes: 60
        pass_percent: 60
        bands: []
        attempts: 9
        cooldown_days: 0
        shuffle_items: true
        shuffle_options: true
        review: score
        sections:
          - {name: all, count: \(items), points: 2}
        """
    }

    /// Handed-in attempts of every officer in every sitting, each with a random answer per
    /// position and a placeholder result, written in bulk.
    static func attempts(
        _ useCases: UseCases, officers: Int, sittings: Int, progress: @Sendable (String) -> Void
    ) async throws {
        let admin = useCases.operatorContext(name: "benchmark")
        let exam = try await useCases.showExam("bench-regrade", context: admin).exam
        let bankItems = try await useCases.database.transaction { connection in
            try await BankRepository(logger: BenchmarkDatabase.logger).version(
                bank: "bench-regrade", version: 1, on: connection)?.1 ?? []
        }
        let roster = try await useCases.listOfficers(context: admin).prefix(officers)
        let forms = try roster.map { officer in
            let entries = try FormAssembler.form(exam: exam, items: bankItems, badge: officer.badge, attempt: 1).get()
            return String(decoding: try JSONEncoder().encode(entries), as: UTF8.self)
        }
        let badges = roster.map(\.badge)
        for index in 0..<sittings {
            progress("setting up: sitting \(index + 1) of \(sittings)")
            let day = useCases.today.addingDays(30 + index)
            let sitting = try await useCases.scheduleSitting(
                SittingPlan(
                    exam: "bench-regrade", venue: "Bench hall", capacity: 10_000, start: "\(day)T09:00",
                    end: "\(day)T10:00"),
                context: admin)
            try await useCases.database.transaction { connection in
                try await connection.query(
                    """
                    INSERT INTO attempts (sitting_id, officer_id, exam_code, exam_version, attempt_number, form,
                                          admitted_at, deadline, status, submitted_at, submitted_by)
                    SELECT s.id, o.id, 'bench-regrade', 1, 1, f.form::json, now(), now() + interval '1 hour',
                           'submitted', now(), 'candidate'
                    FROM unnest(\(badges), \(forms)) AS f(badge, form)
                    JOIN officers o ON o.badge = f.badge, sittings s WHERE s.code = \(sitting.code)
                    """, logger: BenchmarkDatabase.logger)
            }
        }
        progress("setting up: answers")
        try await useCases.database.transaction { connection in
            try await connection.query(
                """
                INSERT INTO answer_log (attempt_id, position, sequence, answer, flagged, saved_at)
                SELECT a.id, p, 1, jsonb_build_object('choice', floor(random() * 4)::int), false, now()
                FROM attempts a CROSS JOIN generate_series(1, \(exam.sections.map(\.count).reduce(0, +))) p
                WHERE a.exam_code = 'bench-regrade'
                """, logger: BenchmarkDatabase.logger)
            try await connection.query(
                """
                INSERT INTO results (attempt_id, score, maximum, percent, final, passed, band, key_version, graded_at)
                SELECT id, 0, 0, 0, true, false, NULL, 1, now() FROM attempts WHERE exam_code = 'bench-regrade'
                """, logger: BenchmarkDatabase.logger)
        }
        progress("")
    }
}
