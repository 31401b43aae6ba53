import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterStore

/// `muster exams`: exam definitions built from blueprints over pinned bank versions.
struct ExamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exams",
        abstract: "Create, list and show exams (blueprint sections over a pinned bank version).",
        subcommands: [ExamsCreateCommand.self, ExamsListCommand.self, ExamsShowCommand.self, ExamsStatsCommand.self]
    )
}

struct ExamsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract:
            "Check an exam file against its track and pinned bank version, and store it (see docs/exam-format.md)."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The exam YAML file.") var file: String
    @Flag(help: "Check only; create nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let dryRun = self.dryRun
        try await FileImport.run(file, options: options, format: format) { useCases, context, source in
            try await useCases.createExam(source, dryRun: dryRun, context: context)
        } summary: { report in
            let verdict =
                switch report.outcome {
                case .created: "created as version \(report.version ?? 0)"
                case .unchanged: "unchanged: identical to version \(report.version ?? 0)"
                case .dryRun: "checked (dry run); nothing created"
                }
            return "exam \(report.exam): \(report.items) items, \(Output.number(report.points)) points from bank "
                + "\(report.bank) version \(report.bankVersion); \(verdict)"
        }
    }
}

struct ExamsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the exams in force.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let exams = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.listExams(context: context)
        }
        switch format {
        case .json: try Output.json(exams)
        case .table:
            Output.table(
                header: ["EXAM", "TRACK", "BANK", "ITEMS", "POINTS", "MINUTES", "PASS %", "VERSION"],
                rows: exams.map { stored in
                    let exam = stored.exam
                    return [
                        exam.code, exam.track, "\(exam.bank) v\(exam.bankVersion)",
                        String(exam.sections.map(\.count).reduce(0, +)), Output.number(exam.totalPoints),
                        String(exam.timeLimitMinutes), Output.number(exam.passPercent), String(stored.version),
                    ]
                })
        }
    }
}

struct ExamsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an exam's blueprint and rules.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The exam's code.") var exam: String
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let code = exam
        let stored = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.showExam(code, context: context)
        }
        if format == .json { return try Output.json(stored) }
        let exam = stored.exam
        print("exam \(exam.code) (\(exam.title.text())) for track \(exam.track), version \(stored.version)")
        print(
            "bank \(exam.bank) version \(exam.bankVersion); \(exam.timeLimitMinutes) minutes; pass \(Output.number(exam.passPercent))%; "
                + "\(exam.attemptsAllowed) attempt(s), \(exam.cooldownDays) days between; review: \(exam.review.rawValue)"
        )
        if let double = exam.secondMarking {
            print(
                "double marking: essays and stations marked by two people; more than "
                    + "\(Output.number(double.tolerancePercent))% of a position's points apart goes to a moderator")
        }
        if !exam.bands.isEmpty {
            print("bands: " + exam.bands.map { "\($0.name) \(Output.number($0.fromPercent))" }.joined(separator: ", "))
        }
        print("")
        Output.table(
            header: ["SECTION", "DRAWS", "POINTS EACH"],
            rows: exam.sections.map { [$0.name, $0.requirement, Output.number($0.points)] })
    }
}
