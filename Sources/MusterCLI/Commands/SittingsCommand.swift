import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster sittings`: exam sittings, their venues, windows and candidates.
struct SittingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sittings",
        abstract: "Schedule exam sittings, enroll candidates, and list, show, move or cancel sittings.",
        discussion:
            "Times are the bureau's clock (MUSTER_TIME_ZONE, default Asia/Shanghai): 2026-12-02T09:00, or with an offset.",
        subcommands: [
            SittingsScheduleCommand.self, SittingsEnrollCommand.self, SittingsWithdrawCommand.self,
            SittingsListCommand.self, SittingsShowCommand.self, SittingsRescheduleCommand.self,
            SittingsCancelCommand.self, SittingsMonitorCommand.self,
        ]
    )
}

struct SittingsScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Schedule a sitting of an exam at a venue (the venue must be free for the window)."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "The exam's code.") var exam: String
    @Option(help: "The venue (exam room).") var venue: String
    @Option(help: "Terminals at the venue: the most candidates the sitting takes.") var capacity: Int
    @Option(help: "When the window opens, such as 2026-12-02T09:00.") var start: String
    @Option(help: "When the window closes, such as 2026-12-02T11:00.") var end: String
    @Option(help: "The username of the proctor who runs it.") var proctor: String?
    @Option(help: "The organising unit (default: your unit, or the bureau).") var unit: String?
    @Option(help: "The code candidates type to start (default: six random digits).") var accessCode: String?
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let plan = SittingPlan(
            exam: exam, venue: venue, capacity: capacity, start: start, end: end, proctor: proctor, unit: unit,
            accessCode: accessCode)
        let calendar = try options.calendar
        let sitting = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.scheduleSitting(plan, context: context)
        }
        if format == .json { return try Output.json(sitting) }
        print(
            "scheduled \(sitting.code): \(sitting.exam) at \(sitting.venue), "
                + "\(calendar.minuteText(of: sitting.startsAt)) to \(calendar.minuteText(of: sitting.endsAt)), "
                + "\(sitting.capacity) seats, access code \(sitting.accessCode)")
    }
}

struct SittingsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the sittings in your scope, by start.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "The first day (YYYY-MM-DD).") var from: String?
    @Option(help: "The last day (YYYY-MM-DD).") var to: String?
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let from = try self.from.map { try Self.day($0, option: "--from") }
        let to = try self.to.map { try Self.day($0, option: "--to") }
        let calendar = try options.calendar
        let sittings = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.listSittings(from: from, to: to, context: context)
        }
        if format == .json { return try Output.json(sittings) }
        Output.table(
            header: ["SITTING", "EXAM", "VENUE", "START", "END", "SEATS", "PROCTOR", "STATUS"],
            rows: sittings.map {
                [
                    $0.code, $0.exam, $0.venue, calendar.minuteText(of: $0.startsAt),
                    calendar.minuteText(of: $0.endsAt),
                    "\($0.enrolled)/\($0.capacity)", $0.proctor ?? "-", $0.status.rawValue,
                ]
            })
    }

    static func day(_ text: String, option: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else {
            throw ValidationError("\(option) '\(text)' is not a date written YYYY-MM-DD.")
        }
        return day
    }
}

struct SittingsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a sitting and its candidates.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The sitting's code, such as S20261202-01.") var sitting: String
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let code = sitting
        let calendar = try options.calendar
        let detail = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.showSitting(code, context: context)
        }
        if format == .json { return try Output.json(detail) }
        let sitting = detail.sitting
        print(
            "sitting \(sitting.code): \(sitting.exam) v\(sitting.examVersion) (\(detail.examTitle.text())), \(sitting.status.rawValue)"
        )
        print(
            "\(sitting.venue), \(calendar.minuteText(of: sitting.startsAt)) to \(calendar.minuteText(of: sitting.endsAt)); "
                + "exam \(detail.timeLimitMinutes) minutes; organised by \(sitting.unit)")
        print(
            "seats \(sitting.enrolled)/\(sitting.capacity); proctor \(sitting.proctor ?? "none"); access code \(sitting.accessCode)"
        )
        if let reason = sitting.cancelReason { print("cancelled: \(reason)") }
        print("")
        Output.table(
            header: ["BADGE", "NAME", "UNIT", "EXTRA MIN", "STATUS"],
            rows: detail.enrollments.map {
                [$0.badge, $0.name, $0.unit, String($0.accommodationMinutes), $0.status.rawValue]
            })
    }
}

struct SittingsMonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watch a sitting: who has started, answered and flagged items, time left (refreshing).",
        discussion:
            "On a terminal the table refreshes every --every seconds until Ctrl-C; --once or --format json prints once."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The sitting's code.") var sitting: String
    @Option(help: "Seconds between refreshes.") var every = 2
    @Flag(help: "Print once and stop.") var once = false
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let (code, format, every) = (sitting, self.format, self.every)
        let refreshing = format == .table && !once && isatty(STDOUT_FILENO) == 1
        try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            repeat {
                let monitor = try await useCases.monitorSitting(code, context: context)
                if format == .json { return try Output.json(monitor) }
                if refreshing { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                Self.printTable(monitor)
                if refreshing { try await Task.sleep(for: .seconds(max(1, every))) }
            } while refreshing
        }
    }

    static func printTable(_ monitor: SittingMonitor) {
        let counts = monitor.counts
        print(
            "sitting \(monitor.sitting) (\(monitor.exam)): \(monitor.candidates.count) candidates; "
                + ["not-started", "active", "paused", "submitted", "voided"].map { "\($0) \(counts[$0] ?? 0)" }
                .joined(separator: ", "))
        print("")
        Output.table(
            header: ["BADGE", "NAME", "STATE", "ANSWERED", "FLAGGED", "TIME LEFT", "EXTRA MIN"],
            rows: monitor.candidates.map { candidate in
                [
                    candidate.badge, candidate.name, candidate.state, "\(candidate.answered)/\(candidate.items)",
                    String(candidate.flagged),
                    candidate.secondsRemaining.map { String(format: "%d:%02d", $0 / 60, $0 % 60) } ?? "-",
                    String(candidate.accommodationMinutes),
                ]
            })
    }
}
