import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster results`: an officer's exam results.
struct ResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Exam results: your own over HTTP, or any officer's on the server's machine.",
        discussion: """
            With --server it signs in to a running Muster as --user (password from MUSTER_PASSWORD or a \
            prompt) and shows that officer's own results, as each exam's review policy allows. On the \
            server's machine, give a badge: the local operator sees every score.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The officer's badge (on the server's machine).") var badge: String?
    @OptionGroup var signIn: ServerSignIn
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if signIn.server == nil, badge == nil {
            throw ValidationError("Give a badge, or --server URL --user NAME to see your own results.")
        }
        if signIn.server != nil, badge != nil {
            throw ValidationError(
                "Over --server you see your own results only; drop the badge (or run on the server's machine).")
        }
    }

    func run() async throws {
        struct Results: Codable { var results: [OfficerResult] }
        let results: [OfficerResult]
        if let client = try await signIn.client() {
            results = try await client.get("/me/results", as: Results.self).results
        } else {
            let badge = self.badge ?? ""
            results = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
                try await useCases.officerResults(badge: badge, context: context)
            }
        }
        if format == .json { return try Output.json(Results(results: results)) }
        guard !results.isEmpty else {
            print("No results yet.")
            return
        }
        let calendar = try options.calendar
        Output.table(
            header: ["EXAM", "SITTING", "TRY", "HANDED IN", "STATE", "SCORE", "PERCENT", "RESULT"],
            rows: results.map { result in
                let score =
                    result.released
                    ? "\(Output.number(result.score ?? 0))/\(Output.number(result.maximum ?? 0))" : "withheld"
                let verdict =
                    switch (result.released, result.passed) {
                    case (false, _): "withheld"
                    case (true, true?): "passed" + (result.band.map { " (\($0))" } ?? "")
                    case (true, false?): "failed"
                    case (true, nil): "marking"
                    }
                return [
                    result.exam, result.sitting, String(result.attemptNumber),
                    result.submittedAt.map(calendar.minuteText(of:)) ?? "-", result.state, score,
                    result.released && result.state == "final"
                        ? Output.number(((result.percent ?? 0) * 10).rounded() / 10) + "%" : "-",
                    verdict + (result.placeholderTable ? " *" : ""),
                ]
            })
        if results.contains(where: \.placeholderTable) {
            print("* a practical station was scored with a placeholder table.")
        }
        for result in results {
            guard let responses = result.responses, !responses.isEmpty else { continue }
            print("")
            print("\(result.exam) (try \(result.attemptNumber)): your responses")
            for response in responses {
                let marks =
                    response.earned.map { "\(Output.number($0))/\(Output.number(response.maximum))" } ?? "being marked"
                print("\(response.position). \(response.prompt)")
                print("   answer: \(response.answer ?? "(none)")   marks: \(marks)")
                for line in response.feedback { print("   · \(line)") }
            }
        }
    }
}
