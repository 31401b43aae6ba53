import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster exams stats EXAM [--all-attempts] [--format table|json|html]`.
struct ExamsStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Item statistics of an exam's final results: facility, discrimination, alpha, distribution.",
        discussion: """
            First attempts only unless --all-attempts. Items with negative or low discrimination are \
            flagged. --format html writes a self-contained page with SVG charts (redirect it to a file). \
            --write-difficulty writes the Rasch-measured easy/medium/hard tags into the next version of \
            the exam's bank (--dry-run lists the changes only).
            """
    )

    /// Output formats of the statistics.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, html
    }

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The exam code.") var exam: String
    @Flag(help: "Every attempt, not only each officer's first.") var allAttempts = false
    @Option(help: "Output format: table, json or html.") var format: Format = .table
    @Flag(help: "Write the measured difficulty tags into the next version of the exam's bank.")
    var writeDifficulty = false
    @Flag(help: "With --write-difficulty: list the changes, write nothing.") var dryRun = false
    @Option(help: "With --write-difficulty: items easier than this many logits are tagged easy.")
    var easyBelow = -0.5
    @Option(help: "With --write-difficulty: items harder than this many logits are tagged hard.")
    var hardAbove = 0.5
    @Option(help: "With --write-difficulty: items with fewer responses keep their tag.") var minimumResponses = 20

    func validate() throws {
        if dryRun, !writeDifficulty { throw ValidationError("--dry-run goes with --write-difficulty.") }
        if easyBelow > hardAbove { throw ValidationError("--easy-below must not be above --hard-above.") }
        if writeDifficulty, format == .html { throw ValidationError("--write-difficulty prints a table or json.") }
    }

    func run() async throws {
        let (exam, allAttempts) = (self.exam, self.allAttempts)
        if writeDifficulty {
            let rules = MeasuredDifficulty(
                easyBelow: easyBelow, hardAbove: hardAbove, minimumResponses: max(1, minimumResponses))
            let dryRun = self.dryRun
            let report = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
                try await useCases.writeMeasuredDifficulty(
                    exam: exam, rules: rules, allAttempts: allAttempts, dryRun: dryRun, context: context)
            }
            if format == .json { return try Output.json(report) }
            print(
                "\(report.exam): bank \(report.bank) version \(report.basedOnVersion): \(report.changes.count) tags change, "
                    + "\(report.unchanged) already match, \(report.skipped.count) left as they were"
                    + (report.newVersion.map { "; written as version \($0)" }
                        ?? (dryRun
                            ? " (dry run: nothing written)" : report.changes.isEmpty ? "; nothing to write" : ""))
            )
            if !report.changes.isEmpty {
                Output.table(
                    header: ["ITEM", "BEFORE", "AFTER", "LOGIT", "SE", "RESPONSES"],
                    rows: report.changes.map {
                        [
                            $0.item, $0.before.rawValue, $0.after.rawValue,
                            Output.number(($0.logit * 100).rounded() / 100),
                            Output.number(($0.standardError * 100).rounded() / 100), String($0.responses),
                        ]
                    })
            }
            for (item, reason) in report.skipped.sorted(by: { $0.key < $1.key }) { print("  kept \(item): \(reason)") }
            return
        }
        let report = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.examStatistics(exam, allAttempts: allAttempts, context: context)
        }
        switch format {
        case .json: try Output.json(report)
        case .html:
            let calendar = try options.calendar
            print(try ReportPages.examStatistics(report, generatedAt: calendar.minuteText(of: Date())))
        case .table: Self.printTable(report)
        }
    }

    static func printTable(_ report: ExamStatisticsReport) {
        let statistics = report.statistics
        guard statistics.attempts > 0 else {
            print("\(report.exam): no final results yet, so no statistics.")
            return
        }
        let figure = { (value: Double?) in value.map { Output.number(($0 * 100).rounded() / 100) } ?? "-" }
        print(
            "\(report.exam): \(statistics.attempts) \(report.attempts == "all" ? "attempts" : "first attempts") "
                + "with a final result")
        print(
            "mean \(figure(statistics.meanScore)) (\(figure(statistics.meanPercent))% of the maximum), "
                + "median \(figure(statistics.medianScore)), "
                + "SD \(figure(statistics.standardDeviation))")
        print(
            "alpha \(figure(statistics.alpha))%, error ratio \(figure(statistics.errorRatio))%, "
                + "standard error \(figure(statistics.standardError))")
        print(
            "distribution (per 10%): "
                + statistics.distribution.map(String.init).joined(separator: " "))
        guard !statistics.items.isEmpty else { return }
        print("")
        let rasch = Dictionary(uniqueKeysWithValues: report.rasch.items.map { ($0.item, $0) })
        Output.table(
            header: [
                "ITEM", "N", "FACILITY", "SD", "DISCRIMINATION", "EFFICIENCY", "DIFFICULTY", "SE", "INFIT", "OUTFIT",
                "FLAG",
            ],
            rows: statistics.items.map { item in
                let estimate = rasch[item.item]
                return [
                    item.item, String(item.attempts), figure(item.facility), figure(item.standardDeviation),
                    figure(item.discriminationIndex), figure(item.discriminativeEfficiency),
                    estimate.map { figure($0.difficulty) } ?? report.rasch.extremeItems[item.item].map {
                        "(\($0) right)"
                    }
                        ?? "-",
                    figure(estimate?.standardError), figure(estimate?.infit), figure(estimate?.outfit), item.flag ?? "",
                ]
            })
        print("")
        print("Facility: mean mark ÷ maximum (0 to 1). Discrimination: 100 × correlation with the rest of the test;")
        print(
            "efficiency: 100 × covariance ÷ the largest possible; flagged when negative or below "
                + "\(Output.number(ItemStatistics.lowDiscrimination)). Alpha in percent: above 75 satisfactory, below 64 poor;"
        )
        print("error ratio = 100 × √(1 − alpha/100); standard error in marks. Small samples (N under 30) vary widely.")
        print(
            "Difficulty: Rasch logits by joint maximum likelihood, centred on 0 (\(report.rasch.persons) attempts, "
                + "\(report.rasch.iterations) iterations\(report.rasch.converged ? "" : ", not converged")).")
    }
}
