import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster officers`: the roster.
struct OfficersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officers",
        abstract: "Import, show and list officers on the roster.",
        subcommands: [OfficersImportCommand.self, OfficersShowCommand.self, OfficersListCommand.self]
    )
}

struct OfficersImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a roster CSV (all or nothing; re-importing the same file changes nothing).",
        discussion: """
            Header: badge,name,sex,birth_date,unit,hire_date,duty_type,rank,rank_since,post,post_since[,education]. \
            sex is male or female (男/女); duty_type is frontline or support; dates are YYYY-MM-DD; unit is a \
            unit code (muster units list); rank and post are codes of the active policy (muster policy show); \
            education is free text.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The roster CSV file.") var file: String
    @Flag(help: "Check and count only; write nothing.") var dryRun = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let progress = TerminalProgress()
        let source = try BankFiles.read([file], progress: progress)[0]
        progress.note("checking and importing \(file)…")
        let logger = options.logger()
        let dryRun = self.dryRun
        let report: RosterImportReport = try await DatabaseSession.useCases(options, logger: logger) {
            useCases, context in
            try await useCases.importOfficers(source, dryRun: dryRun, context: context)
        }
        switch format {
        case .json: try Output.json(report)
        case .table:
            print(
                "\(report.file): \(report.inserted) new, \(report.updated) updated, \(report.unchanged) unchanged"
                    + (report.dryRun ? " (dry run; nothing written)" : "")
            )
        }
    }
}

struct OfficersShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an officer with rank and post history.",
        discussion: """
            On the server's machine this reads the database as the local operator. With --server it \
            signs in to a running Muster as --user (password from MUSTER_PASSWORD or a prompt) and \
            shows what that account may see: without a badge, the signed-in officer's own record.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The badge number (optional with --server: your own record).") var badge: String?
    @OptionGroup var signIn: ServerSignIn
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if signIn.server == nil, badge == nil {
            throw ValidationError("Give a badge, or --server URL --user NAME to see your own record.")
        }
    }

    func run() async throws {
        let record: OfficerRecord
        if let client = try await signIn.client() {
            let path = badge.map {
                "/officers/\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)"
            }
            record = try await client.get(path ?? "/officers/me")
        } else {
            let badge = self.badge ?? ""
            record = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
                try await useCases.officerRecord(badge: badge, context: context)
            }
        }
        if format == .json { return try Output.json(record) }
        let officer = record.officer
        print(
            "\(officer.badge)  \(officer.name)  \(officer.sex.rawValue), \(record.age)  unit \(officer.unit)  \(officer.dutyType.rawValue)"
        )
        print(
            "rank \(officer.rank) since \(officer.rankSince); post \(officer.post) since \(officer.postSince); hired \(officer.hireDate)"
        )
        print("")
        Output.table(header: ["RANK", "SINCE"], rows: record.rankHistory.map { [$0.code, $0.since.description] })
        print("")
        Output.table(header: ["POST", "SINCE"], rows: record.postHistory.map { [$0.code, $0.since.description] })
    }
}

struct OfficersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List officers, by unit subtree and rank.")

    /// Output formats of the roster listing.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only officers in this unit and the units below it.") var unit: String?
    @Option(help: "Only officers of this rank code.") var rank: String?
    @Option(help: "Output format: table, json or csv.") var format: Format = .table

    func run() async throws {
        let logger = options.logger()
        let (unit, rank) = (self.unit, self.rank)
        let officers = try await DatabaseSession.useCases(options, logger: logger) { useCases, context in
            try await useCases.listOfficers(unit: unit, rank: rank, context: context)
        }
        let header = [
            "badge", "name", "sex", "birth_date", "unit", "hire_date", "duty_type", "rank", "rank_since", "post",
            "post_since", "education",
        ]
        let rows = officers.map {
            [
                $0.badge, $0.name, $0.sex.rawValue, $0.birthDate.description, $0.unit, $0.hireDate.description,
                $0.dutyType.rawValue, $0.rank, $0.rankSince.description, $0.post, $0.postSince.description,
                $0.education,
            ]
        }
        switch format {
        case .json: try Output.json(officers)
        case .csv:
            print(header.joined(separator: ","))
            for row in rows { print(row.map(Output.csvField).joined(separator: ",")) }
        case .table:
            Output.table(
                header: ["BADGE", "NAME", "UNIT", "RANK", "POST", "DUTY"],
                rows: rows.map { [$0[0], $0[1], $0[4], $0[7], $0[9], $0[6]] })
        }
    }
}
