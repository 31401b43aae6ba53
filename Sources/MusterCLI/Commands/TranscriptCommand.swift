import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster transcript BADGE [--format table|json|html]`.
struct TranscriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "An officer's training record: hours, attempts, results, certificates and what is missing.",
        discussion: "--format html writes a self-contained page (redirect it to a file)."
    )

    /// Output formats of the transcript.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, html
    }

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The officer's badge.") var badge: String
    @Option(help: "Output format: table, json or html.") var format: Format = .table

    func run() async throws {
        let badge = self.badge
        let transcript = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.transcript(badge: badge, context: context)
        }
        switch format {
        case .json: try Output.json(transcript)
        case .html: print(try ReportPages.transcript(transcript))
        case .table: try Self.printTable(transcript, calendar: options.calendar)
        }
    }

    static func printTable(_ transcript: Transcript, calendar: BureauCalendar) {
        print("\(transcript.badge)  \(transcript.name)  \(transcript.unit)  as of \(transcript.asOf)")
        for track in transcript.tracks {
            print("")
            let certificate =
                track.certificate.map { certificate in
                    "\(certificate.code) \(certificate.status), issued \(certificate.issued)"
                        + (certificate.validUntil.map { ", valid until \($0)" } ?? "")
                } ?? "no certificate"
            print("\(track.name) (\(track.track)\(track.required ? ", required" : "")): \(certificate)")
            Output.table(
                header: ["MODULE", "HOURS"],
                rows: track.modules.map {
                    [$0.name, "\(Output.number($0.attended)) / \(Output.number($0.required))"]
                })
            if !track.attempts.isEmpty {
                Output.table(
                    header: ["EXAM", "TRY", "SITTING", "HANDED IN", "SCORE", "RESULT"],
                    rows: track.attempts.map { attempt in
                        [
                            attempt.exam, String(attempt.attemptNumber), attempt.sitting,
                            attempt.submittedAt.map(calendar.minuteText(of:)) ?? "-",
                            "\(Output.number(attempt.score))/\(Output.number(attempt.maximum)) "
                                + "(\(Output.number((attempt.percent * 10).rounded() / 10))%)",
                            attempt.passed.map { $0 ? "passed" + (attempt.band.map { " \($0)" } ?? "") : "failed" }
                                ?? "being marked",
                        ]
                    })
            }
            for line in track.missing { print("  missing: \(line)") }
        }
    }
}
