import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterFormats
import MusterStore
import PostgresNIO

/// Whole-force readiness and one officer's explanation on a generated force with full histories.
struct ReadinessBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readiness",
        abstract:
            "Readiness for a generated force with full histories (targets: < 1 s for 100,000 officers; < 5 ms p99 for one explanation).",
        discussion: "Uses DATABASE_URL when set, else an embedded cluster in /tmp/muster-bench-UID, stopped afterwards."
    )

    @Option(help: "Officers in the generated force.") var officers = 100_000
    @Option(help: "Whole-force runs; the best and the median are printed.") var runs = 5
    @Option(help: "Single-officer explanations timed.") var explanations = 2_000
    @Flag(help: "Keep the generated database (and leave the cluster running) to inspect it.") var keepDatabase = false

    func run() async throws {
        let (size, runs, explanations) = (officers, runs, explanations)
        try await BenchmarkDatabase.with(keep: keepDatabase) { database in
            let useCases = UseCases(database: database, logger: BenchmarkDatabase.logger)
            let context = useCases.operatorContext(name: "benchmark")
            _ = try await useCases.ensureDemoUnits()
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: context) }
            Self.progress("importing \(size) officers…")
            _ = try await useCases.importOfficers(
                SourceFile(fileName: "bench.csv", text: try await useCases.demoRosterCSV(size: size)), context: context)
            Self.progress("generating histories…")
            let rows = try await Self.generateHistories(database)
            print("generated \(size) officers with \(rows) history and record rows")

            var seconds: [Double] = []
            var report: ReadinessReport?
            for run in 1...runs {
                Self.progress("whole force: run \(run)/\(runs)…")
                let start = ContinuousClock.now
                report = try await useCases.readiness(context: context)
                seconds.append(BenchmarkDatabase.seconds(since: start))
            }
            let readStart = ContinuousClock.now
            let records = try await database.transaction { connection in
                try await PromotionRecordRepository(logger: BenchmarkDatabase.logger).records(
                    unit: nil, badge: nil, within: .wholeForce, on: connection)
            }
            let readSeconds = BenchmarkDatabase.seconds(since: readStart)
            let engine = EligibilityEngine(policy: try ShippedPolicies.defaultPolicy())
            let today = context.today
            var engineSeconds = Double.infinity
            var verdicts: [EligibilityVerdict] = []
            for _ in 1...3 {
                let engineStart = ContinuousClock.now
                verdicts = records.map { engine.explain($0, target: .next, asOf: today, explaining: false) }
                engineSeconds = min(engineSeconds, BenchmarkDatabase.seconds(since: engineStart))
            }
            print(
                String(
                    format: "engine alone, one core: %d verdicts in %.3f s (best of 3)", verdicts.count, engineSeconds))
            let best = seconds.min() ?? 0, median = seconds.sorted()[seconds.count / 2]
            let totals = report?.summary.totals
            print(
                String(
                    format:
                        "whole force: %d officers, best %.3f s (%.0f officers/s), median %.3f s; of which reading: %.3f s",
                    records.count, best, Double(records.count) / best, median, readSeconds))
            print(
                "verdicts: \(totals?.eligible ?? 0) eligible, \(totals?.consideration ?? 0) consideration, "
                    + "\(totals?.notEligible ?? 0) not eligible")

            var latencies: [Double] = []
            var random = SeededGenerator(seed: 42)
            for index in 0..<explanations {
                if index % 200 == 0 { Self.progress("explanations: \(index)/\(explanations)…") }
                let badge = String(format: "P%06d", 100_001 + Int(random.next() % UInt64(size)))
                let start = ContinuousClock.now
                _ = try await useCases.explainReadiness(badge: badge, context: context)
                latencies.append(BenchmarkDatabase.seconds(since: start) * 1000)
            }
            latencies.sort()
            func percentile(_ p: Double) -> Double {
                latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
            }
            print(
                String(
                    format: "one officer's explanation: %d runs, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms",
                    latencies.count, percentile(0.5), percentile(0.95), percentile(0.99)))
            Self.progress("")
        }
    }

    static func progress(_ text: String) {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8)) }
    }

    /// Full histories for every officer, written set-wise: a previous rank, five annual
    /// assessments, certificates, a qualification, and some sanctions, merits and college training.
    static func generateHistories(_ database: Database) async throws -> Int {
        let statements = [
            """
            INSERT INTO rank_history (officer_id, rank_code, since)
            SELECT id, 'constable-2', hire_date FROM officers WHERE rank_code <> 'constable-2'
            UNION ALL SELECT id, rank_code, rank_since FROM officers
            ON CONFLICT DO NOTHING
            """,
            """
            INSERT INTO post_history (officer_id, post_code, since) SELECT id, post_code, post_since FROM officers
            ON CONFLICT DO NOTHING
            """,
            """
            INSERT INTO assessments (officer_id, year, grade)
            SELECT id, y, CASE WHEN (id * 7 + y) % 100 < 12 THEN 'excellent' WHEN (id * 7 + y) % 100 < 93 THEN 'competent'
                               WHEN (id * 7 + y) % 100 < 98 THEN 'basically-competent' ELSE 'incompetent' END
            FROM officers, generate_series(2021, 2025) AS y
            """,
            """
            INSERT INTO certificates (officer_id, certificate, issued, valid_until)
            SELECT id, 'initial-training', hire_date + 120, NULL::date FROM officers WHERE hire_date + 120 <= current_date
            UNION ALL SELECT id, 'computer-literacy', greatest(hire_date, current_date - (id % 2500)::int), NULL
                FROM officers WHERE id % 3 <> 0
            UNION ALL SELECT id, 'police-pr', greatest(hire_date, current_date - (id % 1100)::int),
                greatest(hire_date, current_date - (id % 1100)::int) + 1095 FROM officers WHERE id % 5 <> 0
            UNION ALL SELECT id, 'promotion-training', rank_since + (id % 300)::int, NULL
                FROM officers WHERE id % 5 < 3 AND rank_since + (id % 300)::int <= current_date
            UNION ALL SELECT id, 'practical-skills', make_date(extract(year FROM current_date)::int, 1, 15),
                make_date(extract(year FROM current_date)::int, 12, 31) FROM officers WHERE duty_type = 'frontline' AND id % 4 <> 0
            """,
            """
            INSERT INTO qualifications (officer_id, level, passed, valid_until)
            SELECT id, 'basic', current_date - (id % 1700)::int, current_date - (id % 1700)::int + 1826
            FROM officers WHERE id % 10 <> 0
            """,
            """
            INSERT INTO sanctions (officer_id, kind, starts)
            SELECT id, (ARRAY['warning', 'demerit', 'major-demerit'])[1 + id % 3], current_date - (id % 900)::int
            FROM officers WHERE id % 12 = 0
            """,
            """
            INSERT INTO merits (officer_id, kind, awarded)
            SELECT id, 'first-class-merit', current_date - (id % 700)::int FROM officers WHERE id % 20 = 0
            """,
            """
            INSERT INTO college_training (officer_id, rank_code, completed)
            SELECT id, 'supervisor-3', current_date - (id % 400)::int FROM officers
            WHERE rank_code = 'superintendent-1' AND id % 2 = 0
            """,
            "VACUUM ANALYZE",
        ]
        for statement in statements {
            try await database.withConnection { connection in
                let result = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                _ = try await result.collect()
            }
        }
        let rows = try await database.withConnection { connection in
            try await connection.query(
                """
                SELECT ((SELECT count(*) FROM rank_history) + (SELECT count(*) FROM post_history)
                  + (SELECT count(*) FROM assessments) + (SELECT count(*) FROM certificates)
                  + (SELECT count(*) FROM qualifications) + (SELECT count(*) FROM sanctions)
                  + (SELECT count(*) FROM merits) + (SELECT count(*) FROM college_training))::int
                """, logger: database.logger
            ).collect().first?.decode(Int.self) ?? 0
        }
        return rows
    }
}
