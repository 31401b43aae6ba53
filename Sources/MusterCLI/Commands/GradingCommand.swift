import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterStore

/// `muster grading`: the marking queue and manual marks.
struct GradingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grading",
        abstract: "Mark essays and practical stations of handed-in attempts.",
        subcommands: [GradingQueueCommand.self, GradingMarkCommand.self, GradingReleaseCommand.self]
    )
}

/// `muster grading release SITTING`.
struct GradingReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release a sitting's results to its candidates once every attempt is marked.",
        discussion: "Needed for exams whose review policy is none; for the others candidates see results at once."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The sitting's code.") var sitting: String
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let code = sitting
        let release = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.releaseResults(sitting: code, context: context)
        }
        if format == .json { return try Output.json(release) }
        let at = try options.calendar.minuteText(of: release.releasedAt)
        print(
            release.releasedNow
                ? "Released the results of \(release.sitting) (\(release.attempts) attempts) at \(at)."
                : "The results of \(release.sitting) were already released at \(at).")
    }
}

/// `muster grading queue [--exam E]`.
struct GradingQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Positions waiting for a trainer or examiner, oldest hand-in first."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this exam.") var exam: String?
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let exam = self.exam
        let pending = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.gradingQueue(exam: exam, context: context)
        }
        if format == .json { return try Output.json(["pending": pending]) }
        let calendar = try options.calendar
        guard !pending.isEmpty else {
            print("Nothing waits for a mark\(exam.map { " in \($0)" } ?? "").")
            return
        }
        Output.table(
            header: ["ATTEMPT", "POSITION", "ITEM", "BADGE", "EXAM", "SITTING", "HANDED IN", "WAITS FOR"],
            rows: pending.map {
                [
                    String($0.attempt), String($0.position), $0.itemID, $0.badge, $0.exam, $0.sitting,
                    $0.submittedAt.map(calendar.minuteText(of:)) ?? "-", Self.stage($0.awaiting),
                ]
            })
        print("")
        print(
            "Mark one: muster grading mark ATTEMPT POSITION --rubric 1=2 --rubric 2=3 … | --points P | --measurement VALUE"
        )
    }

    /// What a position waits for, in words.
    static func stage(_ awaiting: ItemMark.Awaiting) -> String {
        switch awaiting {
        case .mark: "a mark"
        case .secondMark: "a second mark"
        case .moderation: "moderation"
        }
    }
}

/// `muster grading mark ATTEMPT POSITION --rubric CRITERION=LEVEL… | --points P | --measurement V`.
struct GradingMarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Mark one position: an essay by rubric levels (or points), a practical station by its measurement.",
        discussion: """
            Criteria and levels are named by number (from 1) or by their name or label in any language: \
            --rubric 1=3 --rubric "lawful and within the rules=2". A station's measurement is in the \
            station's unit; the officer's sex and age on the sitting's day choose the table's group. \
            The attempt is regraded at once; a final pass issues the track's certificate.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The attempt id (from muster grading queue).") var attempt: Int64
    @Argument(help: "The position on the attempt's form.") var position: Int
    @Option(help: "CRITERION=LEVEL for each criterion of the essay's rubric.") var rubric: [String] = []
    @Option(parsing: .unconditional, help: "Points for an essay without a rubric.") var points: Double?
    @Option(parsing: .unconditional, help: "A practical station's measurement.") var measurement: Double?
    @Option(help: "A note kept with the mark.") var note: String?
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        let given = [!rubric.isEmpty, points != nil, measurement != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("Give exactly one of --rubric, --points or --measurement.") }
        var criteria: Set<String> = []
        for pair in rubric {
            guard let criterion = pair.split(separator: "=", maxSplits: 1).first, pair.contains("=") else {
                throw ValidationError("--rubric takes CRITERION=LEVEL, such as 1=3; '\(pair)' has no '='.")
            }
            guard criteria.insert(criterion.trimmingCharacters(in: .whitespaces)).inserted else {
                throw ValidationError("--rubric gives criterion '\(criterion)' twice; give each criterion once.")
            }
        }
    }

    func run() async throws {
        let input: MarkInput
        if let points {
            input = .points(points)
        } else if let measurement {
            input = .measurement(measurement)
        } else {
            var levels: [String: String] = [:]
            for pair in rubric {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                levels[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            input = .rubric(levels)
        }
        let (attempt, position, note) = (self.attempt, self.position, self.note)
        let receipt = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.markPosition(attempt: attempt, position: position, input, note: note, context: context)
        }
        if format == .json { return try Output.json(receipt) }
        let result = receipt.result
        let of = "of \(Output.number(receipt.maximum))"
        let role =
            switch receipt.role {
            case .first: receipt.awaiting == .secondMark ? " (first mark)" : ""
            case .second: " (second mark)"
            case .moderator: " (moderation)"
            }
        print("Attempt \(attempt) position \(position)\(role): \(Output.number(receipt.given)) \(of).")
        switch (receipt.awaiting, receipt.earned) {
        case (.secondMark?, _):
            print("The exam is double-marked: the position waits for a second marker.")
        case (.moderation?, _):
            print("The two marks are further apart than the exam's tolerance: the position waits for a moderator.")
        case (nil, let earned?) where receipt.role == .second:
            print("The position earns \(Output.number(earned)) \(of) (the mean of two marks that agree).")
        default:
            break
        }
        if result.final {
            let verdict = result.passed == true ? "passed" : "failed"
            print(
                "Result: \(Output.number(result.score)) of \(Output.number(result.maximum)) "
                    + "(\(Output.number(result.percent))%), \(verdict)\(result.band.map { ", \($0)" } ?? "").")
        } else {
            print(
                "Result so far: \(Output.number(result.score)) of \(Output.number(result.maximum)); "
                    + "still to mark: positions \(result.pending.map(String.init).joined(separator: ", ")).")
        }
        if result.placeholderTable { print("Note: a station was scored with a placeholder table.") }
        for certificate in receipt.issued { print("Certificate issued: \(certificate).") }
    }
}
