import Foundation
import MusterApp

/// Prints an import report for people or scripts.
enum BankReportPrinter {
    static func print(_ report: BankImportReport, format: OutputFormat) throws {
        switch format {
        case .json:
            try Output.json(report)
        case .table:
            for warning in report.warnings { FileHandle.standardError.write(Data("\(warning)\n".utf8)) }
            let verdict =
                switch report.outcome {
                case .created: "imported as version \(report.version ?? 0)"
                case .unchanged: "unchanged: identical to version \(report.version ?? 0); nothing written"
                case .dryRun: "checked (dry run); nothing written"
                }
            Swift.print("bank \(report.bank): \(report.itemCount) items, \(verdict)")
            Swift.print("format \(report.format), content \(report.contentHash.prefix(12))")
            for (title, counts) in [
                ("TYPE", report.itemsByType), ("TOPIC", report.itemsByTopic), ("DIFFICULTY", report.itemsByDifficulty),
            ] {
                Swift.print("")
                Output.table(
                    header: [title, "ITEMS"],
                    rows: counts.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }
                        .map { [$0.key, String($0.value)] }
                )
            }
        }
    }
}
