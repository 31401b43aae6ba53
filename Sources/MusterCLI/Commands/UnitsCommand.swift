import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterStore

/// `muster units`: the force's unit tree.
struct UnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Import and list the bureau's units (the tree roles are scoped to).",
        subcommands: [UnitsImportCommand.self, UnitsListCommand.self]
    )
}

struct UnitsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a unit file (all or nothing; adds, renames and moves; never removes a unit).",
        discussion:
            "Header: code,parent,name[,name_en]; parent empty for the root, e.g. PSB.EAST,PSB,东城分局,East District"
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The unit CSV file.") var file: String
    @Flag(help: "Check and count only; write nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let dryRun = self.dryRun
        try await FileImport.run(file, options: options, format: format) { useCases, context, source in
            try await useCases.importUnits(source, dryRun: dryRun, context: context)
        } summary: { report in
            "\(report.file): \(report.created) new, \(report.renamed) renamed, \(report.moved) moved, "
                + "\(report.unchanged) unchanged" + (report.dryRun ? " (dry run; nothing written)" : "")
        }
    }
}

struct UnitsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the unit tree with officer counts.")

    /// Output formats of the unit listing.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var options: GlobalOptions
    @Option(help: "Output format: table (the tree), json or csv.") var format: Format = .table

    func run() async throws {
        let units = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.listUnits(context: context)
        }
        switch format {
        case .json: try Output.json(units)
        case .csv:
            print("code,parent,name,name_en,officers,officers_in_subtree")
            for entry in units {
                let unit = entry.unit
                let fields = [
                    unit.code, unit.parentCode ?? "", unit.nameZh, unit.nameEn, String(entry.officers),
                    String(entry.officersInSubtree),
                ]
                print(fields.map(Output.csvField).joined(separator: ","))
            }
        case .table:
            Output.table(
                header: ["UNIT", "NAME", "OFFICERS", "WITH SUB-UNITS"],
                rows: units.map {
                    [
                        String(repeating: "  ", count: $0.depth) + $0.unit.code, $0.unit.nameZh, String($0.officers),
                        String($0.officersInSubtree),
                    ]
                }
            )
        }
    }
}
