import ArgumentParser
import Foundation
import MusterApp
import MusterDomain
import MusterStore

/// `muster promotions`: frozen promotion rounds and the promotions recorded from them.
struct PromotionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promotions",
        abstract: "Promotion rounds: freeze a ranked eligibility list, read it, and record promotions from it.",
        subcommands: [
            PromotionRoundCommand.self, PromotionRoundsListCommand.self, PromotionRoundShowCommand.self,
            PromoteCommand.self,
        ]
    )
}

/// `muster promotions round create --target … --as-of DATE [--unit U] [--vacancies N]`.
struct PromotionRoundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round", abstract: "Create promotion rounds.", subcommands: [PromotionRoundCreateCommand.self])
}

/// Freezes a round.
struct PromotionRoundCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Freeze the eligibility list for a target on a date: every eligible officer, scored and ranked.",
        discussion: """
            The composite score, its parts' minimums, the list's validity and the candidates per vacancy come \
            from the policy's promotion_rounds rules. The stored list never changes when records change later.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "next, rank:CODE or post:CODE.") var target: String
    @Option(help: "The date the list is judged on, YYYY-MM-DD (default: today).") var asOf: String?
    @Option(help: "Only officers in this unit and the units below it.") var unit: String?
    @Option(help: "Vacancies to fill: marks the top candidates (per the policy's candidates per vacancy).")
    var vacancies: Int?
    @Option(help: "Output format: table, json or csv.") var format: RoundFormat = .table

    func validate() throws {
        if PromotionTarget(target) == nil { throw ValidationError("--target must be next, rank:CODE or post:CODE.") }
        if let asOf, CalendarDay(asOf) == nil {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD (\(asOf) is not).")
        }
    }

    func run() async throws {
        let (target, asOf, unit, vacancies) = (
            PromotionTarget(target) ?? .next, asOf.flatMap(CalendarDay.init), unit, vacancies
        )
        let round = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.createRound(
                target: target, asOf: asOf, unit: unit, vacancies: vacancies, context: context)
        }
        try PromotionRoundShowCommand.print(round, format: format)
    }
}

/// Output formats of a round.
enum RoundFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `muster promotions rounds [--format table|json|csv]`.
struct PromotionRoundsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rounds", abstract: "The promotion rounds you may read, newest first.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Output format: table, json or csv.") var format: RoundFormat = .table

    func run() async throws {
        let rounds = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.promotionRounds(context: context)
        }
        let header = ["id", "target", "as_of", "unit", "vacancies", "listed", "promoted", "valid_until", "created_by"]
        let rows = rounds.map { round in
            [
                String(round.id), round.target, round.asOf.description, round.unit ?? "",
                round.vacancies.map(String.init) ?? "", String(round.listed), String(round.promotedCount),
                round.validUntil.description, round.createdBy,
            ]
        }
        switch format {
        case .json: try Output.json(rounds)
        case .csv:
            print(header.joined(separator: ","))
            for row in rows { print(row.map(Output.csvField).joined(separator: ",")) }
        case .table:
            guard !rounds.isEmpty else {
                return print("No promotion rounds yet: muster promotions round create --target next")
            }
            Output.table(
                header: header.map { $0.uppercased().replacingOccurrences(of: "_", with: " ") },
                rows: rows.map { row in row.map { $0.isEmpty ? "-" : $0 } })
        }
    }
}

/// `muster promotions show ROUND [--format table|json|csv]`.
struct PromotionRoundShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One round's frozen list: positions, composite scores and who was promoted.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The round's number.") var round: Int64
    @Option(help: "Output format: table, json or csv.") var format: RoundFormat = .table

    func run() async throws {
        let id = round
        let round = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.promotionRound(id, context: context)
        }
        try Self.print(round, format: format)
    }

    static func print(_ round: StoredRound, format: RoundFormat) throws {
        let kinds = round.rules.parts.map(\.kind)
        let rows = round.entries.map { entry -> [String] in
            let parts = kinds.map { kind in
                entry.parts.first { $0.part == kind }?.score.map { Output.number(($0 * 100).rounded() / 100) } ?? "-"
            }
            return [
                String(entry.position), entry.badge, entry.name, entry.unit, entry.currentRank ?? "-",
                entry.targetRank ?? "-", Output.number(entry.composite),
            ] + parts
                + [
                    round.vacancies == nil ? "" : entry.withinSelection ? "yes" : "no",
                    round.promoted.contains(entry.badge) ? "promoted" : "",
                ]
        }
        switch format {
        case .json: try Output.json(round)
        case .csv:
            Swift.print(
                (["position", "badge", "name", "unit", "current_rank", "target_rank", "composite"]
                    + kinds.map(\.rawValue) + ["within_selection", "promoted"]).joined(separator: ","))
            for row in rows { Swift.print(row.map(Output.csvField).joined(separator: ",")) }
        case .table:
            let weights = round.rules.parts.map { part in
                "\(part.kind.rawValue) \(Output.number(part.weight))"
                    + (part.minimum.map { " (min \(Output.number($0)))" } ?? "")
            }
            Swift.print(
                "round \(round.id): \(round.target) as of \(round.asOf), \(round.unit ?? "whole force"), "
                    + "valid until \(round.validUntil)"
                    + (round.vacancies.map {
                        ", \($0) \($0 == 1 ? "vacancy" : "vacancies") × \(round.perVacancy) candidates"
                    } ?? ""))
            Swift.print("composite = " + weights.joined(separator: ", "))
            Swift.print("")
            if round.entries.isEmpty { Swift.print("Nobody is on the list.") }
            Output.table(
                header: ["#", "BADGE", "NAME", "UNIT", "RANK", "TARGET", "COMPOSITE"]
                    + kinds.map { $0.rawValue.uppercased() }
                    + ["SELECTION", ""],
                rows: rows)
            if !round.excluded.isEmpty {
                Swift.print("")
                Swift.print("Eligible but below a part's minimum:")
                for exclusion in round.excluded { Swift.print("  \(exclusion.badge): \(exclusion.reason)") }
            }
        }
    }
}

/// `muster promotions promote BADGE --round R [--effective DATE]`.
struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Record a promotion from a round's list: a new rank (and post) history entry, audited.",
        discussion:
            "Refused when the officer is not on the round's list, the list has expired, or they were already promoted from it."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The officer's badge.") var badge: String
    @Option(help: "The round's number.") var round: Int64
    @Option(help: "The day the promotion takes effect, YYYY-MM-DD (default: today).") var effective: String?
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if let effective, CalendarDay(effective) == nil {
            throw ValidationError("--effective must be a real date written YYYY-MM-DD (\(effective) is not).")
        }
    }

    func run() async throws {
        let (badge, id, effective) = (badge, round, effective.flatMap(CalendarDay.init))
        let recorded = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.promote(badge: badge, round: id, effective: effective, context: context)
        }
        switch format {
        case .json: try Output.json(recorded)
        case .table:
            let what =
                recorded.rankRaised
                ? "promoted to \(recorded.rank)" + (recorded.post.map { " as \($0)" } ?? "")
                : "promoted to the post \(recorded.post ?? "-") (rank \(recorded.rank) unchanged)"
            print("\(recorded.badge) \(what) from \(recorded.effective) (round \(recorded.round)); rests on:")
            for line in recorded.restsOn { print("  \(line)") }
        }
    }
}
