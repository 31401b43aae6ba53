import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster regrade EXAM [--item ID] [--key-version N] [--void ITEM --reason TEXT] [--dry-run]`.
struct RegradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regrade",
        abstract: "Regrade an exam's handed-in attempts against corrected keys or with an item voided.",
        discussion: """
            Each attempt's stored answers and manual marks are replayed through the grader against \
            the bank's newest version (or --key-version); items that version lacks keep the keys the \
            attempt pinned. --void counts an item for nothing. With --dry-run every attempt whose \
            score, pass, band or certificate would change is listed, before and after, and nothing \
            is written; without it the change is applied in one transaction, audited, issuing and \
            revoking certificates. Regrading the same thing twice changes nothing the second time.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The exam code.") var exam: String
    @Option(help: "Only attempts that drew this item.") var item: String?
    @Option(help: "The bank version whose keys grade (default: the newest).") var keyVersion: Int?
    @Option(name: .customLong("void"), help: "Void this item on the exam first.") var voidItem: String?
    @Option(help: "Why the item is voided (required with --void).") var reason: String?
    @Flag(help: "List what would change; write nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if voidItem != nil, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--void needs --reason TEXT.")
        }
        if voidItem == nil, reason != nil {
            throw ValidationError("--reason goes with --void ITEM: it says why the item is voided.")
        }
    }

    func run() async throws {
        let request = RegradeRequest(
            exam: exam, item: item, keyVersion: keyVersion, voidItem: voidItem, reason: reason, dryRun: dryRun)
        let progress = TerminalProgress()
        let report = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.regrade(
                request, progress: { done, total in progress.update("regrading: \(done) of \(total) attempts") },
                context: context)
        }
        progress.finish("regraded \(report.examined) attempts")
        if format == .json { return try Output.json(report) }
        let verb = report.applied ? "changed" : "would change"
        print(
            "\(report.exam): \(report.examined) attempts regraded against bank version \(report.keyVersion)"
                + (report.voided.isEmpty ? "" : ", voided: \(report.voided.joined(separator: ", "))")
                + "; \(report.changes.count) \(verb).")
        guard !report.changes.isEmpty else { return }
        func standing(_ value: RegradeChange.Standing) -> String {
            let verdict = value.passed.map { $0 ? "passed" : "failed" } ?? "being marked"
            return "\(Output.number(value.score))/\(Output.number(value.maximum)) "
                + "\(Output.number((value.percent * 10).rounded() / 10))% \(verdict)\(value.band.map { " (\($0))" } ?? "")"
        }
        Output.table(
            header: ["ATTEMPT", "BADGE", "BEFORE", "AFTER", "CERTIFICATES"],
            rows: report.changes.map {
                [
                    String($0.attempt), $0.badge, standing($0.before), standing($0.after),
                    $0.certificates.isEmpty ? "-" : $0.certificates.joined(separator: " "),
                ]
            })
        if !report.applied { print("Dry run: nothing was written. Run again without --dry-run to apply.") }
    }
}
