import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterFormats

extension RecordKind: ExpressibleByArgument {}

/// `muster records`: HR records that promotion decisions read.
struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract:
            "Import HR records: assessments, sanctions, merits, qualifications, rank and post changes, quality, satisfaction.",
        subcommands: [RecordsImportCommand.self]
    )
}

struct RecordsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import one kind of record file (all or nothing; re-importing changes nothing).",
        discussion: """
            Columns by kind: assessments badge,year,grade; sanctions badge,kind,start[,end,revoked]; \
            merits badge,kind,date; qualifications badge,level,date[,valid_until]; \
            rank-changes badge,rank,since; post-changes badge,post,since; quality-assessments \
            badge,year,grade; satisfaction badge,quarter,score (quarter like 2024Q3, score 0-100); \
            certificates badge,certificate,issued[,valid_until,revoked_on] (a track's certificate code; \
            valid_until defaults from the track's validity); college-training badge,rank,completed (a rank \
            whose tier needs police-college training).
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(
        help:
            "assessments, sanctions, merits, qualifications, rank-changes, post-changes, quality-assessments, satisfaction, certificates or college-training."
    ) var kind: RecordKind
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Check only; write nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let (dryRun, kind) = (self.dryRun, self.kind)
        try await FileImport.run(file, options: options, format: format) { useCases, context, source in
            try await useCases.importRecords(kind, source, dryRun: dryRun, context: context)
        } summary: { report in
            "\(report.file) (\(report.kind)): \(report.rows) row(s), \(report.written) new or changed"
                + (report.dryRun ? " (dry run)" : "")
        }
    }
}
