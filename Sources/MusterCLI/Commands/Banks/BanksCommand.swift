import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterFormats

/// `muster banks`: question banks.
struct BanksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banks",
        abstract: "Import, list, show and export question banks.",
        subcommands: [BanksImportCommand.self, BanksListCommand.self, BanksShowCommand.self, BanksExportCommand.self]
    )
}

extension BankFormat: ExpressibleByArgument {}
extension BankExportFormat: ExpressibleByArgument {}

/// The `--from` choice: a bank format or automatic detection.
enum SourceFormat: String, ExpressibleByArgument, CaseIterable {
    case auto, yaml, gift, aiken
    case moodleXML = "moodle-xml"
    case qti, csv

    var bankFormat: BankFormat? { self == .auto ? nil : BankFormat(rawValue: rawValue) }
}

/// Reads bank files from disk, with a clear error for a missing or unreadable file.
enum BankFiles {
    static func read(_ paths: [String], progress: TerminalProgress) throws -> [SourceFile] {
        try paths.enumerated().map { index, path in
            progress.step(index + 1, of: paths.count, "reading \(path)")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MusterError(
                    .invalidInput, code: "file_unreadable", "Cannot read \(path): no such file, or no permission.")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw MusterError(
                    .invalidInput, code: "file_not_utf8", "\(path) is not UTF-8 text; save it as UTF-8 and retry.")
            }
            return SourceFile(fileName: path, text: text)
        }
    }
}

/// `muster banks import`.
struct BanksImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import bank files as a new version of a bank (all or nothing).",
        discussion: "Every error is listed as file:line:column. Re-importing identical content changes nothing."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Bank files (YAML, GIFT, Aiken, Moodle XML, QTI or CSV).") var files: [String]
    @Option(help: "The files' format (default: detect from name and content).") var from: SourceFormat = .auto
    @Option(help: "The bank to import into (default: the name the file states, else the file's name).")
    var bank: String?
    @Flag(help: "Check and summarise only; write nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let progress = TerminalProgress()
        let sources = try BankFiles.read(files, progress: progress)
        let logger = options.logger()
        let report: BankImportReport
        if dryRun {
            report = try UseCases.checkBank(sources, format: from.bankFormat, bankName: bank)
        } else {
            progress.note("importing \(sources.count) file(s)…")
            let (format, bank) = (from.bankFormat, self.bank)
            report = try await DatabaseSession.useCases(options, logger: logger) { useCases, context in
                try await useCases.importBank(sources, format: format, bankName: bank, context: context)
            }
        }
        try BankReportPrinter.print(report, format: format)
    }
}
