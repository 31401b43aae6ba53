import Foundation
import MusterDomain

/// Parses one GIFT question: title, format, text, and answer block.
struct GIFTQuestionParser {
    let text: LocatedText
    let category: String?

    static let formats = ["[html]", "[moodle]", "[plain]", "[markdown]"]

    func parse(into bank: inout ParsedBank) -> Item? {
        var rest = text.trimmed()
        let start = rest.position(0)
        var title: String?
        if rest.hasPrefix("::") {
            guard let end = rest.firstUnescaped("::", from: 2) else {
                bank.error("the title opened with '::' is never closed with '::'", at: rest.position(0))
                return nil
            }
            title = GIFTParser.unescape(rest.slice(2..<end)).trimmingCharacters(in: .whitespacesAndNewlines)
            rest = rest.slice((end + 2)..<rest.count).trimmed()
        }
        if let format = Self.formats.first(where: { rest.hasPrefix($0) }) {
            rest = rest.slice(format.count..<rest.count).trimmed()
        }
        guard let open = rest.firstUnescaped("{") else {
            let description = GIFTParser.unescape(rest).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !description.isEmpty else { return nil }
            return makeItem(title: title, prompt: description, kind: .description, at: start, points: 0)
        }
        guard let close = rest.firstUnescaped("}", from: open + 1) else {
            bank.error("the answer block opened with '{' is never closed with '}'", at: rest.position(open))
            return nil
        }
        if let stray = rest.firstUnescaped("{", from: close + 1) {
            bank.error("a question has one answer block; escape a literal brace as \\{", at: rest.position(stray))
            return nil
        }
        let before = GIFTParser.unescape(rest.slice(0..<open)).trimmingCharacters(in: .whitespacesAndNewlines)
        let after = GIFTParser.unescape(rest.slice((close + 1)..<rest.count)).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let prompt = Self.missingWordPrompt(before: before, after: after)
        guard
            let (kind, feedback) = GIFTAnswerParser(
                block: rest.slice((open + 1)..<close), openBrace: rest.position(open)
            ).parse(into: &bank)
        else { return nil }
        if prompt.isEmpty {
            bank.error("the question has no text before its answer block", at: rest.position(open))
            return nil
        }
        var item = makeItem(title: title, prompt: prompt, kind: kind, at: start, points: 1)
        item.feedback = feedback.map { LocalizedText($0) }
        return item
    }

    func makeItem(
        title: String?, prompt: String, kind: ItemKind, at position: SourcePosition, points: Double
    )
        -> Item
    {
        Item(
            id: title.flatMap { $0.isEmpty ? nil : $0 } ?? Self.derivedID(from: prompt),
            prompt: LocalizedText(prompt),
            kind: kind,
            topics: category.map { [$0] } ?? [],
            points: points,
            source: position
        )
    }

    /// The question text: with a blank where the answer block stood when text follows it.
    static func missingWordPrompt(before: String, after: String) -> String {
        guard !after.isEmpty else { return before }
        let joiner = after.first.map { $0.isPunctuation } == true ? "" : " "
        return "\(before) _____\(joiner)\(after)"
    }

    /// An id for an untitled question: its first words, as Moodle names such questions.
    static func derivedID(from prompt: String) -> String {
        let flattened = prompt.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return String(flattened.prefix(40))
    }
}
