extension RuleContext {
    /// Adds to `checks` the must-train certificates the step needs, each valid on the day (one
    /// rule per certificate; only those named in `only`, when given).
    func mustTrain(only: [String]? = nil, into checks: inout [RuleCheck]) {
        let officer = record.officer
        let first = checks.count
        for rule in policy.mustTrain where !checks[first...].contains(where: { $0.rule == rule.certificate }) {
            if let only, !only.contains(rule.certificate) { continue }
            if let toRank = rule.toRank, !(step.raisesRank && toRank == step.targetRank) { continue }
            if let duties = rule.dutyTypes, !duties.contains(officer.dutyType) { continue }
            checks.append(certificate(rule))
        }
    }

    func certificate(_ rule: MustTrainRule) -> RuleCheck {
        let code = rule.certificate
        // The certificate's names, looked up only when explaining.
        func names() -> (en: String, zh: String) {
            let name = engine.certificateNames[code]
            return (name.map { "\($0.text(in: "en")) (\(code))" } ?? code, name?.text(in: "zh-CN") ?? code)
        }
        var changes: [CalendarDay] = []
        if let age = rule.onlyUnderAge {
            let exemptFrom = birthday(age)
            if exemptFrom <= day {
                return RuleCheck(
                    rule: code, met: true,
                    explanation: say(
                        "Not needed: the officer is \(age) or older (since \(exemptFrom)).",
                        "无需：该民警已满\(age)周岁（\(exemptFrom)起）。"),
                    evidence: notes(["born \(record.officer.birthDate)"]), metSince: exemptFrom)
            }
            changes.append(exemptFrom)
        }
        let since = rule.sinceCurrentRank == true ? step.rank.since : nil
        // One pass over the certificates (no lists built: this runs for every must-train rule of
        // every officer on every day a forecast visits). The best valid one is the one valid
        // longest; the first of equals.
        var best: HeldCertificate?
        var heldAny = false, heldBeforeSince = false, heldRevoked = false
        for certificate in record.certificates where certificate.code == code {
            heldAny = true
            if certificate.revokedOn.map({ $0 <= day }) == true { heldRevoked = true }
            if let since, certificate.issued < since {
                heldBeforeSince = true
                continue
            }
            if let until = certificate.validUntil, until >= day { changes.append(until.addingDays(1)) }
            if let revoked = certificate.revokedOn, revoked > day { changes.append(revoked) }
            if certificate.isValid(on: day),
                best.map({ ($0.validUntil ?? .distantFuture) < (certificate.validUntil ?? .distantFuture) }) ?? true
            {
                best = certificate
            }
        }
        let evidence = notes(
            record.certificates.filter { $0.code == code }.sorted { $0.issued < $1.issued }.map { certificate in
                "\(code) issued \(certificate.issued)" + (certificate.validUntil.map { ", valid until \($0)" } ?? "")
                    + (certificate.revokedOn.map { ", revoked \($0)" } ?? "")
            })
        if let best {
            return RuleCheck(
                rule: code, met: true,
                explanation: best.validUntil.map {
                    say("Holds \(names().en), valid until \($0).", "持有\(names().zh)证书，有效期至\($0)。")
                } ?? say("Holds \(names().en) (no expiry).", "持有\(names().zh)证书（长期有效）。"),
                evidence: evidence, metSince: best.issued, changes: changes)
        }
        var explanation: LocalizedText
        if let since, heldBeforeSince {
            explanation = say(
                "Needs \(names().en) completed since reaching the current rank on \(since); the one held is older.",
                "须在\(since)晋升现警衔后完成\(names().zh)；现有证书早于该日。")
        } else if heldRevoked {
            explanation = say("Needs \(names().en): the certificate was revoked.", "须取得\(names().zh)证书：原证书已被撤销。")
        } else if heldAny {
            explanation = say("Needs \(names().en): the certificate expired.", "须取得\(names().zh)证书：原证书已过期。")
        } else {
            explanation = say("Needs the \(names().en) certificate.", "须取得\(names().zh)证书。")
        }
        if let age = rule.onlyUnderAge {
            let exempt = birthday(age)
            explanation = say(
                explanation.text(in: "en") + " It is no longer needed from \(exempt), when the officer turns \(age).",
                explanation.text(in: "zh-CN") + "该民警\(exempt)年满\(age)周岁后无需此证书。")
        }
        return RuleCheck(rule: code, met: false, explanation: explanation, evidence: evidence, changes: changes)
    }

    /// The law-enforcement qualification level the step needs (or a higher one), valid on the day.
    func qualification() -> RuleCheck? {
        let levels = policy.qualificationLevels
        let target = engine.order[step.targetRank] ?? 0
        guard
            let required = levels.indices.last(where: { index in
                levels[index].requiredForPromotion
                    || levels[index].requiredFromRank.flatMap { engine.order[$0] }.map { $0 <= target } == true
            })
        else { return nil }
        let level = levels[required]
        var changes: [CalendarDay] = []
        var holding: QualificationRecord?
        var evidence: [String] = []
        for held in record.qualifications.sorted(by: { $0.passed < $1.passed }) {
            guard let index = levels.firstIndex(where: { $0.code == held.level }) else { continue }
            let until =
                held.validUntil ?? levels[index].validityYears.map { held.passed.addingMonths($0 * 12) }
            if explaining {
                evidence.append("\(held.level) passed \(held.passed)" + (until.map { ", valid until \($0)" } ?? ""))
            }
            guard index >= required, held.passed <= day else { continue }
            if let until, until < day { continue }
            if let until { changes.append(until.addingDays(1)) }
            holding = held
        }
        let name = { (en: level.name.text(in: "en"), zh: level.name.text(in: "zh-CN")) }
        guard let holding else {
            return RuleCheck(
                rule: "qualification", met: false,
                explanation: say(
                    "Needs a valid law-enforcement qualification of level \(name().en) or higher.",
                    "须持有有效的\(name().zh)或以上执法资格。"),
                evidence: evidence)
        }
        let held = {
            let heldLevel = levels.first { $0.code == holding.level }
            return (
                en: heldLevel?.name.text(in: "en") ?? holding.level,
                zh: heldLevel?.name.text(in: "zh-CN") ?? holding.level
            )
        }
        return RuleCheck(
            rule: "qualification", met: true,
            explanation: say(
                "Holds a valid law-enforcement qualification, \(held().en); \(name().en) or higher is needed.",
                "持有有效执法资格（\(held().zh)），要求\(name().zh)或以上。"),
            evidence: evidence, metSince: holding.passed, changes: changes)
    }

    /// Reaching a rank at a tier boundary needs police-college training for it.
    func collegeTraining() -> RuleCheck? {
        guard step.raisesRank, policy.rank(step.targetRank)?.requiresCollegeTraining == true else { return nil }
        let done = record.collegeTraining.filter { $0.rank == step.targetRank && $0.completed <= day }
            .min { $0.completed < $1.completed }
        let target = step.targetRank
        return RuleCheck(
            rule: "college_training", met: done != nil,
            explanation: done.map {
                say(
                    "Completed police-college training for \(rank(target, "en")) on \($0.completed).",
                    "已于\($0.completed)完成\(rank(target, "zh-CN"))警察院校培训。")
            }
                ?? say(
                    "Needs police-college training for \(rank(target, "en")).", "须完成晋升\(rank(target, "zh-CN"))的警察院校培训。"),
            evidence: notes(done.map { ["college training for \($0.rank) completed \($0.completed)"] } ?? []),
            metSince: done?.completed)
    }

    /// What a selection board checks: years in post, years in rank, the assessment record.
    func boardCriteria() -> [RuleCheck] {
        guard step.advancement == .selection, step.raisesRank, let board = policy.selectionBoard else { return [] }
        func served(_ rule: String, since: CalendarDay, years: Int, what: (en: String, zh: String)) -> RuleCheck {
            let due = since.addingMonths(years * 12)
            let met = due <= day
            return RuleCheck(
                rule: rule, met: met,
                explanation: met
                    ? say(
                        "At least \(years) years in \(what.en) (since \(since)).", "\(what.zh)已满\(years)年（自\(since)）。")
                    : say(
                        "The board needs \(years) years in \(what.en) (since \(since)): due \(due).",
                        "评选须\(what.zh)满\(years)年（自\(since)）：\(due)届满。"),
                evidence: notes(["\(what.en) since \(since)"]), metSince: met ? due : nil, changes: met ? [] : [due])
        }
        let latest = record.latestAssessments(before: day, count: board.assessmentYears)
        let allowed = Set(board.assessmentGrades), wanted = Set(board.needsOneOf)
        let enough = latest.count == board.assessmentYears
        let metRecord =
            enough && latest.allSatisfy { allowed.contains($0.grade) }
            && (wanted.isEmpty || latest.contains { wanted.contains($0.grade) })
        func names(_ codes: [String], _ language: String, _ separator: String) -> String {
            codes.map { code in
                policy.assessmentGrades.first { $0.code == code }?.name.text(in: language) ?? code
            }.joined(separator: separator)
        }
        let count = board.assessmentYears
        return [
            served("board_years_in_post", since: step.post.since, years: board.yearsInPost, what: ("the post", "现职务")),
            served("board_years_in_rank", since: step.rank.since, years: board.yearsInRank, what: ("the rank", "现警衔")),
            RuleCheck(
                rule: "board_assessments", met: metRecord,
                explanation: say(
                    "The board reads the latest \(count) assessments: each \(names(board.assessmentGrades, "en", " or "))"
                        + (wanted.isEmpty ? "" : ", at least one \(names(board.needsOneOf, "en", " or "))") + ".",
                    "评选审查最近\(count)年考核：均为\(names(board.assessmentGrades, "zh-CN", "或"))"
                        + (wanted.isEmpty ? "" : "，且至少一次\(names(board.needsOneOf, "zh-CN", "或"))") + "。"
                ),
                evidence: notes(latest.map { "\($0.year) \($0.grade)" })),
        ]
    }
}

extension CalendarDay {
    /// A day later than any record holds, for ordering "never expires" last.
    static let distantFuture = CalendarDay(year: 9999, month: 12, day: 31)
}
