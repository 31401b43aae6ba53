/// The requirements of one step on one day, each read from the policy in force that day.
struct RuleContext {
    let engine: EligibilityEngine
    /// Where the rules in force on ``day`` are in the engine's list.
    let slot: Int
    let subject: RuleSubject
    let day: CalendarDay
    /// Whether to write explanations and evidence (a forecast's later days and HR's lists need
    /// only whether each rule holds and when that may change).
    let explaining: Bool

    /// The rules in force on ``day`` (read in place, not copied).
    var policy: PromotionPolicy { engine.inForce[slot] }
    var record: PromotionRecord { subject.record }
    var step: PromotionStep { subject.step }

    /// An explanation in English and Chinese, written only when explaining.
    func say(_ english: @autoclosure () -> String, _ chinese: @autoclosure () -> String) -> LocalizedText {
        explaining ? LocalizedText(["en": english(), "zh-CN": chinese()]) : Self.unexplained
    }

    /// Evidence lines, written only when explaining.
    func notes(_ lines: @autoclosure () -> [String]) -> [String] { explaining ? lines() : [] }

    static let unexplained = LocalizedText([:])

    func rank(_ code: String, _ language: String) -> String { engine.rankName(code, language) }

    /// The first day on which the officer is `age` years old.
    func birthday(_ age: Int) -> CalendarDay {
        let day = record.officer.birthDate.addingMonths(age * 12)
        return record.officer.age(on: day) < age ? day.addingDays(1) : day
    }

    func appointment() -> RuleCheck {
        let target = step.targetRank
        return RuleCheck(
            rule: "appointment", met: false,
            explanation: say(
                "\(rank(target, "en")) is reached by appointment only, never by eligibility.",
                "\(rank(target, "zh-CN"))只能任命，不适用晋升资格。"),
            evidence: [])
    }

    /// Years in the current rank, less years that do not count, less early-promotion credit.
    func timeInRank() -> RuleCheck? {
        guard step.isRankStep else { return nil }
        let current = step.rank.code
        guard let years = policy.rank(current)?.intervals.first?.years else {
            if step.advancement != .interval { return nil }
            return RuleCheck(
                rule: "time_in_rank", met: false,
                explanation: say(
                    "The policy in force on \(day) sets no interval for \(rank(current, "en")).",
                    "\(day)适用的规则未规定\(rank(current, "zh-CN"))的晋升年限。"),
                evidence: [])
        }
        var start = step.rank.since
        var evidence = notes(["rank \(current) since \(start)", "interval \(years) years"])
        for sanction in record.sanctions where !sanction.revoked && sanction.starts > start && sanction.starts <= day {
            if engine.sanctionKind(sanction.kind, imposedOn: sanction.starts)?.restartsInterval == true {
                start = sanction.starts
                if explaining { evidence.append("\(sanction.kind) on \(sanction.starts) restarts the interval") }
            }
        }
        var extra = 0
        // In year order for the evidence; the count needs no order.
        for assessment in explaining ? record.assessments.sorted(by: { $0.year < $1.year }) : record.assessments
        where assessment.year >= start.year
            && policy.assessmentGrades.first(where: { $0.code == assessment.grade })?.countsTowardSeniority == false
        {
            extra += 1
            if explaining {
                evidence.append("\(assessment.year) \(assessment.grade): the year does not count (+1 year)")
            }
        }
        let merit = record.merits.compactMap { award -> (MeritAward, Merit)? in
            guard award.awarded >= start, let merit = policy.merits.first(where: { $0.code == award.kind }) else {
                return nil
            }
            return (award, merit)
        }.max { ($0.1.shortensYears, $1.0.awarded) < ($1.1.shortensYears, $0.0.awarded) }
        var months = (years + extra) * 12
        if let (award, kind) = merit {
            // Earlier, but never below the merit's minimum (nor later than without the merit).
            months = min(months, max(months - kind.shortensYears * 12, kind.minimumYearsInRank * 12))
            if explaining {
                evidence.append(
                    "\(kind.code) on \(award.awarded): \(kind.shortensYears) years earlier, at least \(kind.minimumYearsInRank) in rank"
                )
            }
        }
        let due = start.addingMonths(months)
        let served = Double(start.daysUntil(min(day, due.addingDays(3650)))) / 365.25
        let needed = Double(months) / 12
        let met = due <= day
        return RuleCheck(
            rule: "time_in_rank", met: met,
            explanation: met
                ? say(
                    "Served \(Self.years(needed)) years in \(rank(current, "en")) since \(start) (due \(due)).",
                    "自\(start)任\(rank(current, "zh-CN"))已满\(Self.years(needed))年（\(due)届满）。")
                : say(
                    "Needs \(Self.years(needed)) years in \(rank(current, "en")) since \(start): served \(Self.years(max(0, served))) years by \(day), due \(due).",
                    "须自\(start)任\(rank(current, "zh-CN"))满\(Self.years(needed))年：至\(day)已任\(Self.years(max(0, served)))年，\(due)届满。"
                ),
            evidence: evidence, metSince: met ? due : nil, changes: met ? [] : [due])
    }

    /// `x` years to one decimal, without a trailing `.0`.
    static func years(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded(.down))
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    /// A rank step never goes above the ceiling of the post's band; a new post's band must hold
    /// the officer's rank (raised to its floor when below).
    func postBand() -> RuleCheck {
        let postCode = step.targetPost ?? step.post.code
        guard let post = policy.posts.first(where: { $0.code == postCode }) else {
            return RuleCheck(
                rule: "post_band", met: false,
                explanation: say(
                    "The post '\(postCode)' has no band in the policy in force on \(day).",
                    "\(day)适用的规则中职务“\(postCode)”没有警衔范围。"),
                evidence: notes(["post \(postCode)"]))
        }
        let ceiling = engine.order[post.ceilingRank] ?? -1
        let evidence = notes(["post \(post.code): \(post.floorRank) .. \(post.ceilingRank)"])
        let name = { (en: post.name.text(in: "en"), zh: post.name.text(in: "zh-CN")) }
        if step.targetPost != nil {
            let current = engine.order[step.rank.code] ?? 0
            guard current <= ceiling else {
                return RuleCheck(
                    rule: "post_band", met: false,
                    explanation: say(
                        "\(rank(step.rank.code, "en")) is above the band of \(name().en) (up to \(rank(post.ceilingRank, "en"))).",
                        "\(rank(step.rank.code, "zh-CN"))高于\(name().zh)的警衔范围（最高\(rank(post.ceilingRank, "zh-CN"))）。"),
                    evidence: evidence)
            }
            return RuleCheck(
                rule: "post_band", met: true,
                explanation: step.raisesRank
                    ? say(
                        "Taking \(name().en) raises the rank to its floor, \(rank(step.targetRank, "en")).",
                        "任\(name().zh)，警衔晋至该职务最低警衔\(rank(step.targetRank, "zh-CN"))。")
                    : say(
                        "\(rank(step.rank.code, "en")) is within the band of \(name().en).",
                        "\(rank(step.rank.code, "zh-CN"))在\(name().zh)的警衔范围内。"),
                evidence: evidence)
        }
        let target = engine.order[step.targetRank] ?? Int.max
        let met = target <= ceiling
        return RuleCheck(
            rule: "post_band", met: met,
            explanation: met
                ? say(
                    "\(rank(step.targetRank, "en")) is within the band of the post \(name().en) (up to \(rank(post.ceilingRank, "en"))).",
                    "\(rank(step.targetRank, "zh-CN"))在现任职务\(name().zh)的警衔范围内（最高\(rank(post.ceilingRank, "zh-CN"))）。")
                : say(
                    "The post \(name().en) allows ranks up to \(rank(post.ceilingRank, "en")): a new post is needed first.",
                    "现任职务\(name().zh)最高为\(rank(post.ceilingRank, "zh-CN"))：须先晋升职务。"),
            evidence: evidence)
    }

    /// The latest annual assessment on file must pass review.
    func assessment() -> RuleCheck {
        guard let latest = record.latestAssessment(before: day) else {
            return RuleCheck(
                rule: "assessment", met: false,
                explanation: say("No annual assessment is on record.", "没有年度考核记录。"), evidence: [])
        }
        let grade = policy.assessmentGrades.first { $0.code == latest.grade }
        let name = {
            (en: grade?.name.text(in: "en") ?? latest.grade, zh: grade?.name.text(in: "zh-CN") ?? latest.grade)
        }
        let met = grade?.passesReview == true
        return RuleCheck(
            rule: "assessment", met: met,
            explanation: met
                ? say(
                    "The \(latest.year) assessment, \(name().en), passes review.",
                    "\(latest.year)年度考核为\(name().zh)，符合要求。")
                : say(
                    "The \(latest.year) assessment, \(name().en), does not pass review.",
                    "\(latest.year)年度考核为\(name().zh)，不符合晋升要求。"),
            evidence: notes(["\(latest.year) \(latest.grade)"]))
    }

    /// No sanction's blocking period may cover the day.
    func sanction() -> RuleCheck {
        var blocking: [(SanctionRecord, CalendarDay?)] = []
        var lastEnded: CalendarDay?
        for sanction in record.sanctions where !sanction.revoked && sanction.starts <= day {
            let months = engine.sanctionKind(sanction.kind, imposedOn: sanction.starts)?.blockingMonths
            var end = months.map { sanction.starts.addingMonths($0) }
            if let ends = sanction.ends { end = max(end ?? ends.addingDays(1), ends.addingDays(1)) }
            if let end, end <= day {
                lastEnded = max(lastEnded ?? end, end)
            } else {
                blocking.append((sanction, end))
            }
        }
        guard !blocking.isEmpty else {
            return RuleCheck(
                rule: "sanction", met: true,
                explanation: say("No sanction blocks promotion on \(day).", "\(day)无影响晋升的处分。"),
                evidence: [], metSince: lastEnded)
        }
        let ends = blocking.map(\.1)
        let until = ends.contains(nil) ? nil : ends.compactMap { $0 }.max()
        let evidence = notes(
            blocking.map { sanction, end in
                "\(sanction.kind) from \(sanction.starts)"
                    + (end.map { " blocks until \($0.addingDays(-1))" } ?? " blocks")
            })
        return RuleCheck(
            rule: "sanction", met: false,
            explanation: until.map {
                say("A sanction blocks promotion until \($0.addingDays(-1)).", "处分影响期至\($0.addingDays(-1))。")
            }
                ?? say(
                    "A sanction of a kind the policy does not know blocks promotion with no recorded end.",
                    "存在规则未定义且无截止日期的处分，影响晋升。"),
            evidence: evidence, changes: ends.compactMap { $0 })
    }
}
