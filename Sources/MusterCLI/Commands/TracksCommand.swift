import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterStore

/// `muster tracks`: the mandatory training tracks, as data.
struct TracksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracks",
        abstract: "Load, list and show training tracks (modules, hours, who must take them, certificates).",
        subcommands: [TracksLoadCommand.self, TracksListCommand.self, TracksShowCommand.self]
    )

    /// A certificate's validity in words.
    static func validity(_ rule: CertificateRule) -> String {
        switch rule.validity {
        case .unlimited: "does not expire"
        case .years(let years): "valid \(years) year\(years == 1 ? "" : "s")"
        case .endOfYear: "valid to the end of the year"
        }
    }

    /// Who must take a track, in words.
    static func audience(_ audience: Track.Audience) -> String {
        var parts: [String] = []
        if let age = audience.underAge { parts.append("under \(age)") }
        if let types = audience.dutyTypes { parts.append(types.map(\.rawValue).joined(separator: "/")) }
        if let ranks = audience.ranks { parts.append("ranks " + ranks.joined(separator: ", ")) }
        return parts.isEmpty ? "every officer" : parts.joined(separator: ", ")
    }
}

struct TracksLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Check a track file and load it as the track's next version (an identical file loads nothing)."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The track YAML file (see docs/track-format.md).") var file: String
    @Flag(help: "Check only; load nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let source = try BankFiles.read([file], progress: TerminalProgress())[0]
        let dryRun = self.dryRun
        let report = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.loadTrack(source, dryRun: dryRun, context: context)
        }
        switch format {
        case .json: try Output.json(report)
        case .table:
            let verdict =
                switch report.outcome {
                case .created: "loaded as version \(report.version ?? 0)"
                case .unchanged: "unchanged: identical to version \(report.version ?? 0)"
                case .dryRun: "checked (dry run); nothing loaded"
                }
            print(
                "track \(report.track): \(report.modules) modules, \(Output.number(report.hours)) hours, certificate \(report.certificate); \(verdict)"
            )
            for warning in report.warnings { print("warning: \(warning)") }
        }
    }
}

struct TracksListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tracks in force.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let tracks = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.listTracks(context: context)
        }
        switch format {
        case .json: try Output.json(tracks)
        case .table:
            Output.table(
                header: ["TRACK", "NAME", "HOURS", "REQUIRED FOR", "CERTIFICATE", "VALIDITY", "VERSION"],
                rows: tracks.map { stored in
                    let track = stored.track
                    return [
                        track.code, track.name.text(), Output.number(track.modules.map(\.hours).reduce(0, +)),
                        TracksCommand.audience(track.requiredFor), track.certificate.code,
                        TracksCommand.validity(track.certificate), String(stored.version),
                    ]
                }
            )
        }
    }
}

struct TracksShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a track: modules with hours, exams, audience and certificate.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The track's code, such as computer-literacy.") var track: String
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let code = track
        let stored = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.showTrack(code, context: context)
        }
        if format == .json { return try Output.json(stored) }
        let track = stored.track
        print("track \(track.code) (\(track.name.text())), version \(stored.version) loaded by \(stored.loadedBy)")
        print("required for: \(TracksCommand.audience(track.requiredFor))")
        print("certificate: \(track.certificate.code), \(TracksCommand.validity(track.certificate))")
        print("")
        Output.table(
            header: ["MODULE", "NAME", "HOURS"],
            rows: track.modules.map { [$0.code, $0.name.text(), Output.number($0.hours)] })
        print("")
        Output.table(header: ["EXAM", "KIND"], rows: track.exams.map { [$0.code, $0.kind.rawValue] })
    }
}
