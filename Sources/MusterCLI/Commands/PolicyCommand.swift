import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster policy`: the promotion rules, as data.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Load and show the promotion policy (rank ladder, post bands, sanctions, must-train rules).",
        subcommands: [PolicyLoadCommand.self, PolicyShowCommand.self]
    )
}

struct PolicyLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Check a policy file and make it the active policy (a new version when it changed)."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The policy YAML file (see docs/policy-format.md).") var file: String
    @Flag(help: "Check only; load nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let source = try BankFiles.read([file], progress: TerminalProgress())[0]
        let logger = options.logger()
        let dryRun = self.dryRun
        let report: PolicyLoadReport = try await DatabaseSession.useCases(options, logger: logger) {
            useCases, context in
            try await useCases.loadPolicy(source, dryRun: dryRun, context: context)
        }
        switch format {
        case .json:
            try Output.json(report)
        case .table:
            let verdict =
                switch report.outcome {
                case .created: "loaded as version \(report.version ?? 0) and made active"
                case .unchanged: "unchanged (version \(report.version ?? 0)); made active"
                case .dryRun: "checked (dry run); nothing loaded"
                }
            print("policy \(report.policy): \(report.ranks) ranks, \(report.posts) posts, \(verdict)")
        }
    }
}

struct PolicyShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the active promotion policy.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table
    @Option(help: "Language for names: zh-CN or en.") var language = "zh-CN"

    func run() async throws {
        let logger = options.logger()
        let active = try await DatabaseSession.useCases(options, logger: logger) { useCases, context in
            try await useCases.activePolicy(context: context)
        }
        if format == .json { return try Output.json(active) }
        let policy = active.policy
        let origin =
            active.version.map { "version \($0), loaded by \(active.loadedBy ?? "?")" }
            ?? "built-in default (no policy loaded)"
        print("policy \(policy.name): \(policy.title.text(in: language)) — \(origin)\n")
        Output.table(
            header: ["ORDER", "RANK", "NAME", "YEARS", "REACHED BY", "COLLEGE"],
            rows: policy.ranks.enumerated().map { index, rank in
                [
                    String(index + 1), rank.code, rank.name.text(in: language),
                    rank.intervals.map { String($0.years) }.joined(separator: "/").isEmpty
                        ? "-" : rank.intervals.map { String($0.years) }.joined(separator: "/"),
                    rank.advancement.rawValue, rank.requiresCollegeTraining ? "yes" : "",
                ]
            }
        )
        print("")
        Output.table(
            header: ["POST", "NAME", "FLOOR", "CEILING"],
            rows: policy.posts.map { [$0.code, $0.name.text(in: language), $0.floorRank, $0.ceilingRank] }
        )
        print("")
        Output.table(
            header: ["SANCTION", "BLOCKS (MONTHS)"],
            rows: policy.sanctions.map { [$0.name.text(in: language), String($0.blockingMonths)] }
        )
        print("")
        Output.table(
            header: ["MUST-TRAIN", "STEP", "CONDITION"],
            rows: policy.mustTrain.map {
                [$0.certificate, $0.toRank ?? "every step", $0.onlyUnderAge.map { "under \($0)" } ?? ""]
            }
        )
    }
}
