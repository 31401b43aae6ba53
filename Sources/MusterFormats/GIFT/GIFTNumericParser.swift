import Foundation
import MusterDomain

/// Parses a GIFT numeric answer block (after its `#`): `3.14:0.01`, `1..2`, or several
/// `=%50%value:tolerance#feedback` answers.
struct GIFTNumericParser {
    let content: LocatedText
    let position: SourcePosition

    /// Reads the answers as Moodle does: feedback for any other number (`~#…`) is cut off first,
    /// then the rest splits at each `=` into answers, each with an optional `%weight%`.
    func parse(into bank: inout ParsedBank) -> ItemKind? {
        var body = content.trimmed()
        if let tilde = body.firstUnescaped("~") {
            let wrong = body.slice(tilde..<body.count).trimmed()
            bank.warning(
                "feedback for other numbers ('\(Self.oneLine(wrong.string))') is not kept; use the item's general feedback (####)",
                at: wrong.position(0))
            body = body.slice(0..<tilde).trimmed()
        }
        guard !body.isEmpty else {
            bank.error("the numeric answer block has no number after '#'", at: position)
            return nil
        }
        var parts: [LocatedText] = []
        var start = 0
        while true {
            let end = body.firstUnescaped("=", from: start) ?? body.count
            parts.append(body.slice(start..<end).trimmed())
            guard end < body.count else { break }
            start = end + 1
        }
        if parts.first?.isEmpty == true { parts.removeFirst() }
        guard !parts.isEmpty else {
            bank.error("no answers found in this numerical question", at: position)
            return nil
        }
        var answers: [NumericAnswer] = []
        for var part in parts {
            var fraction = 1.0
            if part.hasPrefix("%") {
                guard let close = part.firstUnescaped("%", from: 1),
                    let percent = Double(part.slice(1..<close).string.trimmingCharacters(in: .whitespaces)),
                    (-100...100).contains(percent)
                else {
                    bank.error("the weight of this numeric answer is not a percentage like %50%", at: part.position(0))
                    return nil
                }
                fraction = percent / 100
                part = part.slice((close + 1)..<part.count).trimmed()
            }
            guard let answer = single(part, fraction: fraction, into: &bank) else { return nil }
            answers.append(answer)
        }
        return .numeric(answers)
    }

    /// `text` on one line, shortened, for a message.
    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return flat.count > 40 ? String(flat.prefix(40)) + "…" : flat
    }

    /// One `value`, `value:tolerance` or `minimum..maximum`, with optional `#feedback`.
    func single(_ text: LocatedText, fraction: Double, into bank: inout ParsedBank) -> NumericAnswer? {
        var spec = text
        var feedback: LocalizedText?
        if let hash = text.firstUnescaped("#") {
            let words = GIFTParser.unescape(text.slice((hash + 1)..<text.count).trimmed().foldingLineBreaks())
            feedback = words.isEmpty ? nil : LocalizedText(words)
            spec = text.slice(0..<hash).trimmed()
        }
        let raw = spec.string
        let at = spec.isEmpty ? text.position(0) : spec.position(0)
        if let range = raw.range(of: "..") {
            guard let minimum = number(String(raw[..<range.lowerBound]), at: at, into: &bank),
                let maximum = number(String(raw[range.upperBound...]), at: at, into: &bank)
            else { return nil }
            guard minimum <= maximum else {
                bank.error("the range \(raw) runs backwards; write the smaller number first", at: at)
                return nil
            }
            return NumericAnswer(.range(minimum: minimum, maximum: maximum), fraction: fraction, feedback: feedback)
        }
        let parts = raw.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let value = number(parts[0], at: at, into: &bank) else { return nil }
        var tolerance = 0.0
        if parts.count == 2 {
            guard let parsed = number(parts[1], at: at, into: &bank) else { return nil }
            tolerance = abs(parsed)
        }
        return NumericAnswer(.value(value, tolerance: tolerance), fraction: fraction, feedback: feedback)
    }

    /// Reads a number, explaining the usual mistakes.
    func number(_ text: String, at position: SourcePosition, into bank: inout ParsedBank) -> Double? {
        let trimmed = Self.oneLine(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if let value = Double(trimmed), value.isFinite { return value }
        if trimmed.contains(","), Double(trimmed.replacingOccurrences(of: ",", with: ".")) != nil {
            bank.error("numeric answer '\(trimmed)' is not a number; use a dot for decimals", at: position)
        } else if trimmed.isEmpty {
            bank.error("a numeric answer is missing its number", at: position)
        } else {
            bank.error("numeric answer '\(trimmed)' is not a number", at: position)
        }
        return nil
    }
}
