import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster training`: attendance and hours in track modules.
struct TrainingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Record training attendance and hours per officer, track module and day.",
        subcommands: [TrainingRecordCommand.self]
    )
}

struct TrainingRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Import an attendance file (all or nothing; re-importing changes nothing).",
        discussion: "Header: badge,track,module,date,hours (hours above 0 and at most 24 a day; date YYYY-MM-DD)."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The attendance CSV file.") var file: String
    @Flag(help: "Check and count only; write nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let dryRun = self.dryRun
        try await FileImport.run(file, options: options, format: format) { useCases, context, source in
            try await useCases.importAttendance(source, dryRun: dryRun, context: context)
        } summary: { report in
            "\(report.file): \(report.rows) row(s), \(Output.number(report.hours)) hours, \(report.written) new or changed"
                + (report.dryRun ? " (dry run; nothing written)" : "")
        }
    }
}
