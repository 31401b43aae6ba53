import Foundation
import Mustache
import MusterDomain

/// Self-contained HTML pages (inline styles and SVG charts, no external asset) rendered from the
/// shipped Mustache templates, for the CLI's `--format html` and the HTTP routes alike.
public enum ReportPages {
    /// The templates, from the binary, by name (`exam-statistics` for
    /// `Templates/exam-statistics.html.mustache`).
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (path, data) in EmbeddedFiles.all where path.hasPrefix("Templates/") && path.hasSuffix(".html.mustache") {
            let name = String(path.dropFirst("Templates/".count).dropLast(".html.mustache".count))
            // The shipped templates are checked by the tests; one that does not parse is left out.
            if let template = try? MustacheTemplate(string: String(decoding: data, as: UTF8.self)) {
                library.register(template, named: name)
            }
        }
        return library
    }()

    /// Renders `view` with the named template.
    static func render(_ view: Any, template: String) throws -> String {
        guard let page = library.render(view, withTemplate: template) else {
            throw MusterError(.internalFailure, code: "template_missing", "The page template \(template) is missing.")
        }
        return page
    }

    /// A number with at most `digits` decimals, or "–" for none.
    static func number(_ value: Double?, digits: Int = 2) -> String {
        guard let value, value.isFinite else { return "–" }
        let scale = pow(10, Double(digits))
        let rounded = (value * scale).rounded() / scale
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension ReportPages {
    /// An exam's item statistics as a page: summary figures, a histogram of scores, facility
    /// against discrimination, and the item table with flags.
    public static func examStatistics(_ report: ExamStatisticsReport, generatedAt: String) throws -> String {
        let statistics = report.statistics
        let top = max(1, statistics.distribution.max() ?? 1)
        let bars = statistics.distribution.enumerated().map { index, count -> [String: Any] in
            let height = 160.0 * Double(count) / Double(top)
            return [
                "x": 30 + index * 44, "y": number(20 + 160 - height), "width": 36, "height": number(height),
                "count": count, "label": index == 9 ? "90–100" : "\(index * 10)–\(index * 10 + 9)",
                "labelX": 48 + index * 44, "labelY": 198, "countY": number(16 + 160 - height),
            ]
        }
        let (left, right, top2, bottom) = (50.0, 470.0, 20.0, 280.0)
        let points = statistics.items.compactMap { item -> [String: Any]? in
            guard let index = item.discriminationIndex else { return nil }
            return [
                "x": number(left + (right - left) * item.facility),
                "y": number(top2 + (bottom - top2) * (100 - max(-100, min(100, index))) / 200),
                "colour": item.flag == nil ? "#4a78b0" : "#d9534f", "item": item.item,
                "facility": number(item.facility), "discrimination": number(index, digits: 1),
            ]
        }
        let rasch = Dictionary(report.rasch.items.map { ($0.item, $0) }, uniquingKeysWith: { first, _ in first })
        let view: [String: Any] = [
            "exam": report.exam, "title": report.title, "generated": generatedAt,
            "attemptsText":
                "\(statistics.attempts) \(report.attempts == "all" ? "attempts" : "first attempts") with a final result",
            "mean": number(statistics.meanScore), "meanPercent": number(statistics.meanPercent, digits: 1),
            "median": number(statistics.medianScore), "deviation": number(statistics.standardDeviation),
            "alpha": statistics.alpha.map { number($0, digits: 1) + "%" } ?? "–",
            "errorRatio": statistics.errorRatio.map { number($0, digits: 1) + "%" } ?? "–",
            "standardError": number(statistics.standardError),
            "histogram": ["width": 480, "height": 210, "bars": bars],
            "scatter": [
                "width": 490, "height": 310, "left": left, "right": right, "top": top2, "bottom": bottom,
                "zeroY": (top2 + bottom) / 2, "axisY": bottom + 16, "points": points,
            ],
            "items": statistics.items.map { item -> [String: Any] in
                let estimate = rasch[item.item]
                var row: [String: Any] = [
                    "difficulty": number(estimate?.difficulty), "difficultyError": number(estimate?.standardError),
                    "infit": number(estimate?.infit), "outfit": number(estimate?.outfit),
                    "item": item.item, "prompt": report.prompts[item.item] ?? "", "attempts": item.attempts,
                    "facility": number(item.facility), "deviation": number(item.standardDeviation),
                    "discrimination": number(item.discriminationIndex, digits: 1),
                    "efficiency": number(item.discriminativeEfficiency, digits: 1),
                ]
                if let flag = item.flag { row["flag"] = flag }
                return row
            },
            "lowDiscrimination": number(ItemStatistics.lowDiscrimination),
        ]
        return try render(view, template: "exam-statistics")
    }
}

extension ReportPages {
    /// An officer's transcript as a page: per track, hours against each module's requirement as
    /// bars, attempts and results, the certificate and what is still missing.
    public static func transcript(_ transcript: Transcript) throws -> String {
        let view: [String: Any] = [
            "badge": transcript.badge, "name": transcript.name, "unit": transcript.unit,
            "asOf": transcript.asOf.description,
            "tracks": transcript.tracks.map { track -> [String: Any] in
                var record: [String: Any] = [
                    "track": track.track, "name": track.name, "required": track.required,
                    "modules": track.modules.map { module -> [String: Any] in
                        [
                            "name": module.name, "attended": number(module.attended),
                            "required": number(module.required),
                            "width": Int(120 * min(1, module.required > 0 ? module.attended / module.required : 1)),
                            "short": module.attended + 1e-9 < module.required,
                        ]
                    },
                    "hasAttempts": !track.attempts.isEmpty,
                    "attempts": track.attempts.map { attempt -> [String: Any] in
                        [
                            "exam": attempt.exam, "attemptNumber": attempt.attemptNumber, "sitting": attempt.sitting,
                            "state": attempt.state, "score": number(attempt.score), "maximum": number(attempt.maximum),
                            "percent": number(attempt.percent, digits: 1),
                            "result": attempt.passed.map {
                                $0 ? "passed" + (attempt.band.map { " (\($0))" } ?? "") : "failed"
                            }
                                ?? "being marked",
                        ]
                    },
                    "hasMissing": !track.missing.isEmpty, "missing": track.missing,
                ]
                if let certificate = track.certificate {
                    var shown: [String: Any] = [
                        "code": certificate.code, "status": certificate.status,
                        "issued": certificate.issued.description,
                    ]
                    if let until = certificate.validUntil { shown["validUntil"] = until.description }
                    record["certificate"] = shown
                }
                return record
            },
        ]
        return try render(view, template: "transcript")
    }
}
