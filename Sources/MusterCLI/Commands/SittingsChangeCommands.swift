import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterFormats

struct SittingsEnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Enroll candidates in a sitting, all or none (each refusal with its reason code).",
        discussion: """
            Name badges, or a CSV file with the header badge[,accommodation_minutes]. Reason codes: \
            \(EnrollmentRefusal.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The sitting's code.") var sitting: String
    @Argument(help: "Badges to enroll.") var badges: [String] = []
    @Option(name: .customLong("from"), help: "A CSV file of candidates (badge[,accommodation_minutes]).")
    var file: String?
    @Option(help: "Extra minutes for each badge named on the command line.") var accommodation = 0
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if badges.isEmpty == (file == nil) {
            throw ValidationError("Name badges or --from FILE.csv (one of the two).")
        }
    }

    func run() async throws {
        let code = sitting
        let source = try file.map { try BankFiles.read([$0], progress: TerminalProgress())[0] }
        let named = badges.map { Candidate(badge: $0, accommodationMinutes: accommodation) }
        let report = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            let candidates = try source.map { try useCases.candidates(from: $0) } ?? named
            return try await useCases.enroll(candidates, in: code, context: context)
        }
        if format == .json { return try Output.json(report) }
        print(
            "\(report.sitting): \(report.enrolled.count) enrolled, \(report.unchanged.count) already enrolled; "
                + "\(report.seatsLeft) seats left")
    }
}

struct SittingsWithdrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Give back a candidate's place in a sitting that has not started.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The sitting's code.") var sitting: String
    @Argument(help: "The candidate's badge.") var badge: String
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let (code, badge) = (sitting, self.badge)
        let report = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.withdraw(badge, from: code, context: context)
        }
        if format == .json { return try Output.json(report) }
        print("\(report.sitting): \(badge) withdrawn; \(report.seatsLeft) seats left")
    }
}

struct SittingsRescheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Move a sitting that has not started; every candidate must still fit."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The sitting's code.") var sitting: String
    @Option(help: "A new venue.") var venue: String?
    @Option(help: "A new capacity.") var capacity: Int?
    @Option(help: "A new opening time.") var start: String?
    @Option(help: "A new closing time.") var end: String?
    @Option(help: "A new proctor (username).") var proctor: String?
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if venue == nil, capacity == nil, start == nil, end == nil, proctor == nil {
            throw ValidationError("Say what changes: --venue, --capacity, --start, --end or --proctor.")
        }
    }

    func run() async throws {
        let code = sitting
        let change = SittingChange(venue: venue, capacity: capacity, start: start, end: end, proctor: proctor)
        let calendar = try options.calendar
        let moved = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.rescheduleSitting(code, change, context: context)
        }
        if format == .json { return try Output.json(moved) }
        print(
            "\(moved.code) now at \(moved.venue), \(calendar.minuteText(of: moved.startsAt)) to "
                + "\(calendar.minuteText(of: moved.endsAt)), \(moved.enrolled)/\(moved.capacity) seats")
    }
}

struct SittingsCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a sitting that has not started (its candidates get their attempt back).")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The sitting's code.") var sitting: String
    @Option(help: "Why the sitting is cancelled.") var reason: String
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let (code, reason) = (sitting, self.reason)
        let cancelled = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.cancelSitting(code, reason: reason, context: context)
        }
        if format == .json { return try Output.json(cancelled) }
        print("\(cancelled.code) cancelled: \(reason); \(cancelled.enrolled) candidate(s) keep their attempt")
    }
}
