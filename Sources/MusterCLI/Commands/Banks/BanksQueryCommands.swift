import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster banks list`.
struct BanksListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List banks with their newest version.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let logger = options.logger()
        let banks = try await DatabaseSession.useCases(options, logger: logger) { useCases, context in
            try await useCases.listBanks(context: context)
        }
        switch format {
        case .json:
            try Output.json(banks)
        case .table:
            Output.table(
                header: ["BANK", "VERSION", "ITEMS", "FORMAT", "IMPORTED", "BY"],
                rows: banks.map {
                    [
                        $0.bank, String($0.version), String($0.itemCount), $0.sourceFormat,
                        $0.importedAt.formatted(.iso8601), $0.importedBy,
                    ]
                }
            )
        }
    }
}

/// `muster banks show`.
struct BanksShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a bank version and its items.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The bank's name.") var bank: String
    @Option(help: "The version (default: the newest).") var version: Int?
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let logger = options.logger()
        let (bank, version) = (self.bank, self.version)
        let detail = try await DatabaseSession.useCases(options, logger: logger) { useCases, context in
            try await useCases.showBank(bank, version: version, context: context)
        }
        switch format {
        case .json:
            try Output.json(detail)
        case .table:
            let summary = detail.version
            print(
                "bank \(summary.bank) version \(summary.version): \(summary.itemCount) items, content \(summary.contentHash.prefix(12))"
            )
            print(
                "imported \(summary.importedAt.formatted(.iso8601)) by \(summary.importedBy) from \(summary.sourceFiles.joined(separator: ", "))"
            )
            print("")
            Output.table(
                header: ["ID", "TYPE", "TOPICS", "DIFFICULTY", "POINTS", "PROMPT"],
                rows: detail.items.map { item in
                    let prompt = item.prompt.text().split(whereSeparator: \.isNewline).joined(separator: " ")
                    return [
                        item.id, item.kind.name, item.topics.joined(separator: ","), item.difficulty.rawValue,
                        item.points.formatted(), String(prompt.prefix(50)),
                    ]
                }
            )
        }
    }
}

/// `muster banks export`.
struct BanksExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a bank version as YAML or GIFT.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The bank's name.") var bank: String
    @Option(help: "Format to write: yaml or gift.") var to: BankExportFormat = .yaml
    @Option(help: "The version (default: the newest).") var version: Int?
    @Option(name: .shortAndLong, help: "File to write (default: standard output).") var output: String?

    func run() async throws {
        let logger = options.logger()
        let (bank, version, format) = (self.bank, self.version, to)
        let (text, warnings) = try await DatabaseSession.useCases(options, logger: logger) { useCases, context in
            try await useCases.exportBank(bank, version: version, to: format, context: context)
        }
        for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            print(text, terminator: "")
        }
    }
}
