import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster items`: work on items without the database.
struct ItemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "Check items and keys without touching the database.",
        subcommands: [ItemsScoreCommand.self]
    )
}

/// `muster items score`.
struct ItemsScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score given responses against a bank file's items, to check keys before an exam.",
        discussion: """
            RESPONSES.json is an array of {"item": ID, "response": VALUE}. VALUE is the option's text \
            (single choice), an array of option texts (multiple response), true/false, a string (short \
            answer), a number (numeric), an object {"left": "right"} (matching), an array of entry texts \
            (ordering), or {"value": N, "sex": "male", "age": N} (practical station).
            """
    )

    @Argument(help: "The bank file.") var file: String
    @Option(help: "The responses JSON file.") var responses: String
    @Option(help: "The bank file's format (default: detect).") var from: SourceFormat = .auto
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let bank = try BankFiles.read([file], progress: TerminalProgress())[0]
        guard let data = FileManager.default.contents(atPath: responses) else {
            throw MusterError(
                .invalidInput, code: "file_unreadable", "Cannot read \(responses): no such file, or no permission.")
        }
        let scored: [ScoredResponse] = try ResponseScoring.score(
            bank: bank, format: from.bankFormat, responsesJSON: data)
        switch format {
        case .json:
            try Output.json(scored)
        case .table:
            Output.table(
                header: ["ITEM", "SCORE", "MAX"],
                rows: scored.map { [$0.item, $0.score.formatted(), $0.max.formatted()] }
            )
            let total = scored.map(\.score).reduce(0, +)
            let maximum = scored.map(\.max).reduce(0, +)
            print("total \(total.formatted()) of \(maximum.formatted())")
        }
    }
}
