import MusterDomain

extension ReportPages {
    /// A readiness report as a page: counts, bar charts by unit and by missing requirement, and
    /// the officers with their verdicts.
    public static func readiness(_ report: ReadinessReport, generatedAt: String) throws -> String {
        let summary = report.summary
        let (label, chart) = (150.0, 360.0)
        let widest = Double(max(1, summary.byUnit.map(\.officers).max() ?? 1))
        let unitBars = summary.byUnit.enumerated().map { index, counts -> [String: Any] in
            let scale = chart / widest
            let eligible = Double(counts.eligible) * scale, consideration = Double(counts.consideration) * scale
            let y = 6 + index * 22
            return [
                "unit": counts.unit, "officers": counts.officers, "eligible": counts.eligible,
                "consideration": counts.consideration, "notEligible": counts.notEligible,
                "withinWindow": counts.withinWindow, "y": y, "textY": y + 11, "left": label,
                "eligibleWidth": number(eligible), "considerationX": number(label + eligible),
                "considerationWidth": number(consideration),
                "notEligibleX": number(label + eligible + consideration),
                "notEligibleWidth": number(Double(counts.notEligible) * scale),
                "countX": number(label + Double(counts.officers) * scale + 6),
            ]
        }
        let most = Double(max(1, summary.byMissing.first?.officers ?? 1))
        let missingBars = summary.byMissing.enumerated().map { index, blocker -> [String: Any] in
            let scale = chart / most
            let y = 6 + index * 22
            return [
                "rule": blocker.rule, "officers": blocker.officers, "onlyBlocker": blocker.onlyBlocker,
                "y": y, "textY": y + 11, "left": label, "onlyWidth": number(Double(blocker.onlyBlocker) * scale),
                "restX": number(label + Double(blocker.onlyBlocker) * scale),
                "restWidth": number(Double(blocker.officers - blocker.onlyBlocker) * scale),
                "countX": number(label + Double(blocker.officers) * scale + 6),
                "sentence": ReadinessWording.blocker(blocker, language: "en"),
            ]
        }
        var view: [String: Any] = [
            "target": report.target, "asOf": report.asOf.description, "generated": generatedAt,
            "officers": summary.totals.officers, "eligible": summary.totals.eligible,
            "consideration": summary.totals.consideration, "notEligible": summary.totals.notEligible,
            "withinWindow": summary.totals.withinWindow,
            "units": ["width": label + chart + 140, "height": 12 + 22 * unitBars.count, "bars": unitBars],
            "hasMissing": !missingBars.isEmpty,
            "missing": ["width": label + chart + 160, "height": 12 + 22 * missingBars.count, "bars": missingBars],
            "lines": report.officers.map { line -> [String: Any] in
                [
                    "badge": line.badge, "name": line.name, "unit": line.unit, "rank": line.currentRank ?? "–",
                    "targetRank": line.targetRank ?? "–", "verdict": line.verdict.rawValue,
                    "eligibleOn": line.eligibleOn?.description ?? "–",
                    "missing": line.unmet.map { $0.rule + ($0.metOn.map { " (\($0))" } ?? "") }
                        .joined(separator: ", "),
                ]
            },
        ]
        if let within = report.withinDays { view["within"] = within }
        if report.notApplicable > 0 { view["notApplicable"] = report.notApplicable }
        if let verdict = report.verdict { view["verdictFilter"] = verdict.rawValue }
        return try render(view, template: "readiness")
    }
}

/// Sentences about readiness, in English or Chinese, shared by the CLI's table and the page.
public enum ReadinessWording {
    /// "42 officers lack police-pr; for 30 of them it is the only thing missing."
    public static func blocker(_ blocker: ReadinessSummary.Blocker, language: String) -> String {
        if language.hasPrefix("zh") {
            return "\(blocker.rule)：\(blocker.officers)人未满足，其中\(blocker.onlyBlocker)人仅缺此项。"
        }
        let officers = blocker.officers == 1 ? "1 officer lacks" : "\(blocker.officers) officers lack"
        return "\(officers) \(blocker.rule); for \(blocker.onlyBlocker) of them it is the only thing missing."
    }

    /// The verdict as a person reads it.
    public static func verdict(_ outcome: EligibilityVerdict.Outcome, language: String) -> String {
        switch (outcome, language.hasPrefix("zh")) {
        case (.eligible, true): "符合晋升条件"
        case (.consideration, true): "可提交评选"
        case (.notEligible, true): "暂不符合"
        case (.eligible, false): "eligible"
        case (.consideration, false): "for the board's consideration"
        case (.notEligible, false): "not eligible"
        }
    }
}
