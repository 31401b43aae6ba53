import Foundation
import MusterDomain

/// Writes items as GIFT, for trainers who keep banks in Moodle's format.
///
/// GIFT has one language, one topic per item (as `$CATEGORY:`), no points, difficulty, ordering,
/// practical stations or rubrics; ``expressibility(of:)`` says what an item would lose, and the
/// writer writes the rest. Weights are whole-ish percentages, so fractions are written with
/// nine decimals of precision.
public struct GIFTWriter: Sendable {
    public init() {}

    /// Why `item` cannot be written to GIFT without loss, or nil when it can.
    public static func expressibility(of item: Item) -> String? {
        let texts = allTexts(of: item)
        if texts.contains(where: { $0.translations.count != 1 }) { return "GIFT holds one language per text" }
        if item.topics.count > 1 { return "GIFT holds one category per question" }
        if item.difficulty != .medium { return "GIFT has no difficulty" }
        if item.points != (item.kind == .description ? 0 : 1) { return "GIFT has no points" }
        if item.feedback != nil, item.kind == .description { return "a GIFT description has no general feedback" }
        switch item.kind {
        case .ordering, .practical: return "GIFT has no \(item.kind.name) questions"
        case .essay(let rubric) where rubric != nil: return "GIFT has no rubrics"
        case .multipleResponse(let key) where key.rule == .allOrNothing: return "GIFT weights cannot say all-or-nothing"
        case .shortAnswer(let key) where key.caseSensitive || key.answers.contains { $0.caseSensitive == true }:
            return "GIFT short answers ignore case"
        case .matching(let key) where key.scoring == .allOrNothing || key.pairs.contains { ($0.credit ?? 1) != 1 }:
            return "GIFT matching gives equal credit per pair"
        case .matching(let key)
        where (key.pairs.flatMap { [$0.left, $0.right] } + key.distractors).contains { $0.text().contains("->") }:
            return "GIFT cannot write '->' inside a matching pair"
        case .singleChoice(let options)
        where !options.contains(where: { $0.fraction == 1 }) || !options.contains(where: { $0.fraction != 1 }):
            return "a GIFT choice question needs a right answer ('=') and another ('~')"
        default: return nil
        }
    }

    /// The GIFT text for `items`.
    public func write(_ items: [Item]) -> String {
        var output: [String] = []
        var category: String?
        for item in items {
            let topic = item.topics.first
            if topic != category {
                // An item without a topic goes back to the top category, as categories persist.
                output.append("$CATEGORY: \(topic ?? "$course$/top")\n")
                category = topic
            }
            output.append(Self.question(item) + "\n")
        }
        return output.joined(separator: "\n")
    }

    static func question(_ item: Item) -> String {
        let text = questionWithoutFeedback(item)
        guard let feedback = item.feedback, item.kind != .description, text.hasSuffix("}") else { return text }
        // General feedback goes last in the answer block, after '####'.
        return String(text.dropLast()) + (text.hasSuffix("\n}") ? "" : " ") + "####\(escape(feedback.text()))}"
    }

    static func questionWithoutFeedback(_ item: Item) -> String {
        let title = "::\(escape(item.id))::"
        let prompt = escape(item.prompt.text())
        switch item.kind {
        case .description:
            return title + prompt
        case .essay:
            return title + prompt + " {}"
        case .trueFalse(let key):
            let right = key.answer ? key.feedbackIfTrue : key.feedbackIfFalse
            let wrong = key.answer ? key.feedbackIfFalse : key.feedbackIfTrue
            var block = key.answer ? "TRUE" : "FALSE"
            if wrong != nil || right != nil { block += "#" + escape(wrong?.text() ?? "") }
            if let right { block += "#" + escape(right.text()) }
            return "\(title)\(prompt) {\(block)}"
        case .singleChoice(let options):
            let lines = options.map { option -> String in
                let marker = option.fraction == 1 ? "=" : "~" + weight(option.fraction, omitting: 0)
                return "    \(marker)\(escape(option.text.text()))\(feedback(option.feedback))"
            }
            return "\(title)\(prompt) {\n\(lines.joined(separator: "\n"))\n}"
        case .multipleResponse(let key):
            let lines = key.options.map {
                "    ~\(weight($0.fraction, omitting: nil))\(escape($0.text.text()))\(feedback($0.feedback))"
            }
            return "\(title)\(prompt) {\n\(lines.joined(separator: "\n"))\n}"
        case .shortAnswer(let key):
            let lines = key.answers.map { answer in
                "    =\(weight(answer.fraction, omitting: 1))\(escape(answer.text))\(feedback(answer.feedback))"
            }
            return "\(title)\(prompt) {\n\(lines.joined(separator: "\n"))\n}"
        case .numeric(let answers):
            let lines = answers.map { answer -> String in
                let spec: String
                switch answer.accepts {
                case .value(let value, let tolerance): spec = "\(number(value)):\(number(tolerance))"
                case .range(let minimum, let maximum): spec = "\(number(minimum))..\(number(maximum))"
                }
                return "    =\(weight(answer.fraction, omitting: 1))\(spec)\(feedback(answer.feedback))"
            }
            return "\(title)\(prompt) {#\n\(lines.joined(separator: "\n"))\n}"
        case .matching(let key):
            let pairs = key.pairs.map { "    =\(escape($0.left.text())) -> \(escape($0.right.text()))" }
            let extras = key.distractors.map { "    = -> \(escape($0.text()))" }
            return "\(title)\(prompt) {\n\((pairs + extras).joined(separator: "\n"))\n}"
        case .ordering, .practical:
            return title + prompt + " {}"
        }
    }

    static func allTexts(of item: Item) -> [LocalizedText] {
        var texts = [item.prompt]
        switch item.kind {
        case .singleChoice(let options): texts += options.map(\.text) + options.compactMap(\.feedback)
        case .multipleResponse(let key): texts += key.options.map(\.text) + key.options.compactMap(\.feedback)
        case .trueFalse(let key): texts += [key.feedbackIfTrue, key.feedbackIfFalse].compactMap { $0 }
        case .shortAnswer(let key): texts += key.answers.compactMap(\.feedback)
        case .numeric(let answers): texts += answers.compactMap(\.feedback)
        case .matching(let key): texts += key.pairs.flatMap { [$0.left, $0.right] } + key.distractors
        case .ordering(let entries, _): texts += entries
        default: break
        }
        return texts
    }

    static func feedback(_ text: LocalizedText?) -> String {
        text.map { "#" + escape($0.text()) } ?? ""
    }

    static func weight(_ fraction: Double, omitting omitted: Double?) -> String {
        if let omitted, fraction == omitted { return "" }
        let percent = (fraction * 100 * 1e9).rounded() / 1e9
        return "%\(number(percent))%"
    }

    /// A number in the shortest form that reads back exactly.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// Escapes GIFT's control characters and line breaks.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "~", "=", "#", "{", "}", ":", "\\": result += "\\\(character)"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
