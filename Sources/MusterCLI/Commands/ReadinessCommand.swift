import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster readiness`: who is ready for promotion, and `muster readiness explain BADGE`: why.
struct ReadinessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readiness",
        abstract: "Promotion readiness: every officer's verdict, or one officer's explained checklist.",
        subcommands: [ReadinessListCommand.self, ReadinessExplainCommand.self],
        defaultSubcommand: ReadinessListCommand.self
    )
}

/// The options that say what to judge: the target and the date.
struct ReadinessTargetOptions: ParsableArguments {
    @Option(help: "next (default), rank:CODE or post:CODE.") var target = "next"
    @Option(help: "The date to judge on, YYYY-MM-DD (default: today in the bureau's time zone).") var asOf: String?
    @Option(help: "Language of the table: en or zh-CN (default: from LANG).") var language: String?

    func validate() throws {
        if PromotionTarget(target) == nil {
            throw ValidationError("--target must be next, rank:CODE or post:CODE.")
        }
        if let asOf, CalendarDay(asOf) == nil {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD (\(asOf) is not).")
        }
        if let language, !["en", "zh-CN"].contains(language) {
            throw ValidationError("--language must be en or zh-CN.")
        }
    }

    var promotionTarget: PromotionTarget { PromotionTarget(target) ?? .next }
    var day: CalendarDay? { asOf.flatMap(CalendarDay.init) }

    /// The table's language: the option, else Chinese when the locale says so, else English.
    var tableLanguage: String {
        if let language { return language }
        let locale = ProcessInfo.processInfo.environment["LC_ALL"] ?? ProcessInfo.processInfo.environment["LANG"] ?? ""
        return locale.hasPrefix("zh") ? "zh-CN" : "en"
    }
}

/// `muster readiness [--target …] [--unit U] [--as-of DATE] [--within DAYS] [--verdict …]`.
struct ReadinessListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every officer in scope with a verdict and what is missing, with counts by unit and requirement.",
        discussion: """
            --within 90 lists the officers not eligible on the date who become eligible within 90 days, \
            and when. Counts cover every officer in scope. --format html writes a self-contained page.
            """
    )

    /// Output formats of the list.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv, html
    }

    @OptionGroup var options: GlobalOptions
    @OptionGroup var judging: ReadinessTargetOptions
    @Option(help: "Only officers in this unit and the units below it.") var unit: String?
    @Option(help: "Only officers not eligible on the date who become eligible within this many days.")
    var within: Int?
    @Option(help: "Only officers with this verdict: eligible, not_eligible or consideration.")
    var verdict: EligibilityVerdict.Outcome?
    @Option(help: "Output format: table, json, csv or html.") var format: Format = .table

    func run() async throws {
        let (unit, target, asOf, within, verdict) = (self.unit, judging.promotionTarget, judging.day, within, verdict)
        let (report, policy) = try await DatabaseSession.useCases(options, logger: options.logger()) {
            useCases, context in
            (
                try await useCases.readiness(
                    unit: unit, target: target, asOf: asOf, within: within, verdict: verdict, context: context),
                try await useCases.activePolicy(context: context).policy
            )
        }
        switch format {
        case .json: try Output.json(report)
        case .html: print(try ReportPages.readiness(report, generatedAt: options.calendar.minuteText(of: Date())))
        case .csv:
            print("badge,name,unit,current_rank,target_rank,verdict,eligible_on,unmet")
            for line in report.officers {
                let unmet = line.unmet.map { $0.rule + ($0.metOn.map { "@\($0)" } ?? "") }.joined(separator: ";")
                let fields = [
                    line.badge, line.name, line.unit, line.currentRank ?? "", line.targetRank ?? "",
                    line.verdict.rawValue, line.eligibleOn?.description ?? "", unmet,
                ]
                print(fields.map(Output.csvField).joined(separator: ","))
            }
        case .table: Self.printTable(report, names: RankNames(policy: policy, language: judging.tableLanguage))
        }
    }

    static func printTable(_ report: ReadinessReport, names: RankNames) {
        let language = names.language
        guard report.summary.totals.officers + report.notApplicable > 0 else {
            return print(
                language.hasPrefix("zh")
                    ? "范围内没有民警。先导入花名册：muster officers import FILE.csv"
                    : "No officers in scope. Import the roster first: muster officers import FILE.csv")
        }
        let chinese = language.hasPrefix("zh")
        let totals = report.summary.totals
        print(
            chinese
                ? "晋升资格（目标 \(report.target)，截至 \(report.asOf)）：范围内 \(totals.officers) 人，"
                    + "符合 \(totals.eligible) 人，可提交评选 \(totals.consideration) 人，暂不符合 \(totals.notEligible) 人"
                : "readiness for \(report.target) as of \(report.asOf): \(totals.officers) officers in scope, "
                    + "\(totals.eligible) eligible, \(totals.consideration) for consideration, "
                    + "\(totals.notEligible) not eligible")
        if report.notApplicable > 0 {
            print(
                chinese
                    ? "另有 \(report.notApplicable) 人不适用此目标（已达到或高于目标、相差不止一级，或当日尚无警衔），未列入"
                    : "\(report.notApplicable) more are left out: the target does not apply to them (they hold it or more, "
                        + "it is more than a step away, or they held no rank that day)")
        }
        if let within = report.withinDays {
            print(
                chinese
                    ? "其中 \(totals.withinWindow) 人将在 \(within) 天内符合条件"
                    : "\(totals.withinWindow) of them become eligible within \(within) days")
        }
        print("")
        let windowHeader = report.withinDays.map { chinese ? "\($0)天内" : "WITHIN \($0) DAYS" }
        Output.table(
            header: (chinese
                ? ["单位", "人数", "符合", "评选", "暂不符合"] : ["UNIT", "OFFICERS", "ELIGIBLE", "CONSIDERATION", "NOT ELIGIBLE"])
                + (windowHeader.map { [$0] } ?? []),
            rows: report.summary.byUnit.map { counts in
                [
                    counts.unit, String(counts.officers), String(counts.eligible), String(counts.consideration),
                    String(counts.notEligible),
                ] + (windowHeader == nil ? [] : [String(counts.withinWindow)])
            })
        if !report.summary.byMissing.isEmpty {
            print("")
            for blocker in report.summary.byMissing {
                print(ReadinessWording.blocker(blocker, language: language))
            }
        }
        guard !report.officers.isEmpty else { return }
        print("")
        Output.table(
            header: chinese
                ? ["警号", "姓名", "单位", "现警衔", "目标", "结论", "符合日期", "未满足"]
                : ["BADGE", "NAME", "UNIT", "RANK", "TARGET", "VERDICT", "ELIGIBLE ON", "MISSING"],
            rows: report.officers.map { line in
                [
                    line.badge, line.name, line.unit, names.rank(line.currentRank), names.rank(line.targetRank),
                    chinese ? ReadinessWording.verdict(line.verdict, language: language) : line.verdict.rawValue,
                    line.eligibleOn?.description ?? "-",
                    line.unmet.map { $0.rule + ($0.metOn.map { " (\($0))" } ?? "") }.joined(separator: ", "),
                ]
            })
    }
}

extension EligibilityVerdict.Outcome: ExpressibleByArgument {}

/// Rank and post names from the policy in the table's language (codes when the policy has none).
struct RankNames {
    let policy: PromotionPolicy
    let language: String

    func rank(_ code: String?) -> String {
        guard let code else { return "-" }
        return policy.rank(code)?.name.text(in: language) ?? code
    }

    func post(_ code: String) -> String { policy.posts.first { $0.code == code }?.name.text(in: language) ?? code }
}

/// `muster readiness explain BADGE [--target …] [--as-of DATE] [--format table|json]`.
struct ReadinessExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "One officer's verdict as a checklist: every requirement, whether it holds, why, and when it will."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The officer's badge.") var badge: String
    @OptionGroup var judging: ReadinessTargetOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let (badge, target, asOf) = (self.badge, judging.promotionTarget, judging.day)
        let (verdict, policy) = try await DatabaseSession.useCases(options, logger: options.logger()) {
            useCases, context in
            (
                try await useCases.explainReadiness(badge: badge, target: target, asOf: asOf, context: context),
                try await useCases.activePolicy(context: context).policy
            )
        }
        switch format {
        case .json: try Output.json(verdict)
        case .table: Self.printChecklist(verdict, names: RankNames(policy: policy, language: judging.tableLanguage))
        }
    }

    static func printChecklist(_ verdict: EligibilityVerdict, names: RankNames) {
        let language = names.language
        let chinese = language.hasPrefix("zh")
        let step =
            "\(names.rank(verdict.currentRank)) → \(verdict.targetRank.map { names.rank($0) } ?? verdict.target)"
            + (verdict.targetPost.map { " (\(names.post($0)))" } ?? "")
        print(
            "\(verdict.badge)  \(verdict.name)  \(verdict.unit)  \(step)  " + (chinese ? "截至 " : "as of ")
                + "\(verdict.asOf)")
        let outcome = ReadinessWording.verdict(verdict.verdict, language: language)
        let forecast: String
        if verdict.verdict != .notEligible {
            forecast = ""
        } else if let day = verdict.eligibleOn {
            forecast = chinese ? "（如无其他变化，\(day) 起符合）" : " (eligible on \(day) if nothing else changes)"
        } else if case let never = verdict.unmet.filter({ $0.metOn == nil }).map(\.rule), !never.isEmpty {
            forecast =
                chinese
                ? "（仅靠时间无法满足：\(never.joined(separator: "、"))）"
                : " (not by time alone: \(never.joined(separator: ", ")))"
        } else if !verdict.lapses.isEmpty {
            forecast =
                chinese
                ? "（仅靠时间无法满足：\(verdict.lapses.joined(separator: "、"))将在其他条件满足前失效）"
                : " (not by time alone: \(verdict.lapses.joined(separator: ", ")) "
                    + (verdict.lapses.count == 1 ? "lapses" : "lapse") + " before the rest is met)"
        } else {
            forecast = chinese ? "（仅靠时间无法满足）" : " (time alone will not make the officer eligible)"
        }
        print((chinese ? "结论：" : "Verdict: ") + outcome + forecast)
        print("")
        Output.table(
            header: chinese ? ["", "要求", "说明", "满足日期"] : ["", "RULE", "DETAIL", "MET ON"],
            rows: verdict.requirements.map { requirement in
                [
                    requirement.met ? "[x]" : "[ ]", requirement.rule, requirement.explanation.text(in: language),
                    requirement.metOn?.description ?? "-",
                ]
            })
    }
}
