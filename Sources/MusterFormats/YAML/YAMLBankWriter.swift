import Foundation
import MusterDomain

/// Writes items in Muster's native YAML format, canonically: fixed field order, every string
/// double-quoted, defaults omitted. Reading the output gives back the same items, and writing
/// those again gives the same bytes, which is what makes a bank's content hash stable.
public struct YAMLBankWriter: Sendable {
    public init() {}

    /// The YAML text of a bank.
    public func write(name: String?, title: LocalizedText?, items: [Item]) -> String {
        var lines: [String] = []
        if let name { lines.append("bank: \(Self.quote(name))") }
        if let title { Self.field("title", title, indent: 0, into: &lines) }
        lines.append(items.isEmpty ? "items: []" : "items:")
        for item in items { Self.item(item, into: &lines) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func item(_ item: Item, into lines: inout [String]) {
        lines.append("  - id: \(quote(item.id))")
        lines.append("    type: \(item.kind.name)")
        field("prompt", item.prompt, indent: 4, into: &lines)
        if !item.topics.isEmpty { lines.append("    topics: [\(item.topics.map(quote).joined(separator: ", "))]") }
        if item.difficulty != .medium { lines.append("    difficulty: \(item.difficulty.rawValue)") }
        let defaultPoints = item.kind == .description ? 0.0 : 1.0
        if item.points != defaultPoints { lines.append("    points: \(number(item.points))") }
        if let feedback = item.feedback { field("feedback", feedback, indent: 4, into: &lines) }
        kind(item.kind, into: &lines)
    }

    static func kind(_ kind: ItemKind, into lines: inout [String]) {
        switch kind {
        case .singleChoice(let options):
            choiceOptions(options, defaultFraction: 0, useCorrect: true, into: &lines)
        case .multipleResponse(let key):
            if key.rule != .sumOfWeights { lines.append("    rule: \(key.rule.rawValue)") }
            choiceOptions(key.options, defaultFraction: 0, useCorrect: false, into: &lines)
        case .trueFalse(let key):
            lines.append("    answer: \(key.answer)")
            if let text = key.feedbackIfTrue { field("feedback_if_true", text, indent: 4, into: &lines) }
            if let text = key.feedbackIfFalse { field("feedback_if_false", text, indent: 4, into: &lines) }
        case .shortAnswer(let key):
            if key.caseSensitive { lines.append("    case_sensitive: true") }
            lines.append("    answers:")
            for answer in key.answers {
                lines.append("      - text: \(quote(answer.text))")
                if answer.fraction != 1 { lines.append("        fraction: \(number(answer.fraction))") }
                if let feedback = answer.feedback { field("feedback", feedback, indent: 8, into: &lines) }
                if let caseSensitive = answer.caseSensitive { lines.append("        case_sensitive: \(caseSensitive)") }
            }
        case .numeric(let answers):
            lines.append("    answers:")
            for answer in answers {
                switch answer.accepts {
                case .value(let value, let tolerance):
                    lines.append("      - value: \(number(value))")
                    if tolerance != 0 { lines.append("        tolerance: \(number(tolerance))") }
                case .range(let minimum, let maximum):
                    lines.append("      - min: \(number(minimum))")
                    lines.append("        max: \(number(maximum))")
                }
                if answer.fraction != 1 { lines.append("        fraction: \(number(answer.fraction))") }
                if let feedback = answer.feedback { field("feedback", feedback, indent: 8, into: &lines) }
            }
        case .matching(let key):
            if let scoring = key.scoring { lines.append("    scoring: \(scoring.rawValue)") }
            lines.append("    pairs:")
            for pair in key.pairs {
                field("- left", pair.left, indent: 6, into: &lines)
                field("right", pair.right, indent: 8, into: &lines)
                if let credit = pair.credit { lines.append("        credit: \(number(credit))") }
            }
            if !key.distractors.isEmpty { list("distractors", key.distractors, into: &lines) }
        case .ordering(let entries, let scoring):
            if let scoring { lines.append("    scoring: \(scoring.rawValue)") }
            list("sequence", entries, into: &lines)
        case .essay(let rubric):
            guard let rubric else { return }
            lines.append("    rubric:")
            lines.append("      criteria:")
            for criterion in rubric.criteria {
                field("- name", criterion.name, indent: 8, into: &lines)
                lines.append("          levels:")
                for level in criterion.levels {
                    field("- label", level.label, indent: 12, into: &lines)
                    lines.append("              points: \(number(level.points))")
                }
            }
        case .practical(let station):
            stationLines(station, into: &lines)
        case .description:
            break
        }
    }

    static func stationLines(_ station: PracticalStation, into lines: inout [String]) {
        lines.append("    station:")
        lines.append("      measurement: \(station.measurement.rawValue)")
        lines.append("      unit: \(quote(station.unit))")
        lines.append("      better: \(station.table.direction.rawValue)")
        if station.table.maximumPoints != 100 {
            lines.append("      max_points: \(number(station.table.maximumPoints))")
        }
        lines.append("      groups:")
        for group in station.table.groups {
            lines.append("        - sex: \(group.sex.rawValue)")
            lines.append("          min_age: \(group.minimumAge)")
            lines.append("          max_age: \(group.maximumAge)")
            if group.placeholder { lines.append("          placeholder: true") }
            lines.append("          bands:")
            for band in group.bands {
                lines.append("            - {at: \(number(band.threshold)), points: \(number(band.points))}")
            }
        }
    }

    static func choiceOptions(
        _ options: [ChoiceOption],
        defaultFraction: Double,
        useCorrect: Bool,
        into lines: inout [String]
    ) {
        lines.append("    options:")
        for option in options {
            field("- text", option.text, indent: 6, into: &lines)
            if useCorrect && option.fraction == 1 {
                lines.append("        correct: true")
            } else if option.fraction != defaultFraction {
                lines.append("        fraction: \(number(option.fraction))")
            }
            if let feedback = option.feedback { field("feedback", feedback, indent: 8, into: &lines) }
        }
    }

    static func list(_ name: String, _ texts: [LocalizedText], into lines: inout [String]) {
        lines.append("    \(name):")
        for text in texts {
            if let plain = plainText(text) {
                lines.append("      - \(quote(plain))")
            } else {
                lines.append("      - {\(translations(text))}")
            }
        }
    }

    /// `name: "text"` for Chinese-only text, else `name: {zh-CN: "…", en: "…"}`.
    static func field(_ name: String, _ text: LocalizedText, indent: Int, into lines: inout [String]) {
        let padding = String(repeating: " ", count: indent)
        if let plain = plainText(text) {
            lines.append("\(padding)\(name): \(quote(plain))")
        } else {
            lines.append("\(padding)\(name): {\(translations(text))}")
        }
    }

    static func plainText(_ text: LocalizedText) -> String? {
        text.translations.count == 1 ? text.translations[LocalizedText.defaultLanguage] : nil
    }

    /// Languages in a fixed order: the default language first, then alphabetical.
    static func translations(_ text: LocalizedText) -> String {
        text.translations.keys.sorted { lhs, rhs in
            lhs == LocalizedText.defaultLanguage || (rhs != LocalizedText.defaultLanguage && lhs < rhs)
        }.map { "\($0): \(quote(text.translations[$0] ?? ""))" }.joined(separator: ", ")
    }

    /// A number in its shortest form that reads back exactly.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// A YAML double-quoted scalar.
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
