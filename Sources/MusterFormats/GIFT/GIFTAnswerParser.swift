import Foundation
import MusterDomain

/// Parses the inside of a GIFT answer block `{…}` into an item kind and its key.
struct GIFTAnswerParser {
    let block: LocatedText
    let openBrace: SourcePosition

    /// One `=` or `~` answer: its marker, weight, text and feedback.
    struct Answer {
        var isEquals: Bool
        var weight: Double?
        var body: LocatedText
        var feedback: String?
        var position: SourcePosition
    }

    /// The kind with its key, and the general feedback (`####…`) when the block has one.
    ///
    /// The kind is decided as Moodle's importer decides it: `#` first is numeric, any `~` is a
    /// choice question, `=` with `->` is matching, `T`/`F` is true/false, anything else is short
    /// answer (so `{One}` accepts "One").
    func parse(into bank: inout ParsedBank) -> (kind: ItemKind, feedback: String?)? {
        var content = block.trimmed()
        var generalFeedback: String?
        if let separator = content.lastUnescaped("####") {
            let text = GIFTParser.unescape(content.slice((separator + 4)..<content.count).trimmed().foldingLineBreaks())
            generalFeedback = text.isEmpty ? nil : text
            content = content.slice(0..<separator).trimmed()
        }
        guard let kind = kind(of: content, into: &bank) else { return nil }
        return (kind, generalFeedback)
    }

    func kind(of content: LocatedText, into bank: inout ParsedBank) -> ItemKind? {
        if content.isEmpty { return .essay(nil) }
        if content.characters[0] == "#" {
            return GIFTNumericParser(content: content.slice(1..<content.count), position: content.position(0))
                .parse(into: &bank)
        }
        if content.firstUnescaped("~") != nil { return choice(content, into: &bank) }
        if content.firstUnescaped("=") != nil, content.firstUnescaped("->") != nil {
            guard let answers = splitAnswers(content, leadingIsEquals: true, into: &bank) else { return nil }
            return matching(answers, into: &bank)
        }
        if let trueFalse = parseTrueFalse(content) { return trueFalse }
        return shortAnswer(content, into: &bank)
    }

    /// Texts of answers, each unescaped and trimmed; nil (with an error) when one is empty.
    func texts(of answers: [Answer], into bank: inout ParsedBank) -> [String]? {
        let texts = answers.map { GIFTParser.unescape($0.body).trimmingCharacters(in: .whitespacesAndNewlines) }
        for (answer, text) in zip(answers, texts) where text.isEmpty {
            bank.error("an answer has no text", at: answer.position)
            return nil
        }
        return texts
    }

    /// A choice question: one right answer (or several, any of them right) when an answer is
    /// marked `=`, else a multiple-response question scored by the weights.
    func choice(_ content: LocatedText, into bank: inout ParsedBank) -> ItemKind? {
        guard let answers = splitAnswers(content, leadingIsEquals: false, into: &bank),
            let texts = texts(of: answers, into: &bank)
        else { return nil }
        guard answers.count >= 2 else {
            bank.error("this type of question requires at least 2 answers", at: openBrace)
            return nil
        }
        let options = zip(answers, texts).map { answer, text in
            ChoiceOption(
                text: LocalizedText(text),
                fraction: answer.weight ?? (answer.isEquals ? 1 : 0),
                feedback: answer.feedback.map { LocalizedText($0) }
            )
        }
        guard options.contains(where: { $0.fraction > 0 }) else {
            bank.error(
                "no answer earns credit: mark the right answer with '=' or give weights such as ~%50%", at: openBrace)
            return nil
        }
        if answers.contains(where: \.isEquals) { return .singleChoice(options) }
        return .multipleResponse(MultipleResponseKey(options: options))
    }

    /// A short-answer question: each answer full credit unless weighted.
    func shortAnswer(_ content: LocatedText, into bank: inout ParsedBank) -> ItemKind? {
        guard let answers = splitAnswers(content, leadingIsEquals: true, into: &bank),
            let texts = texts(of: answers, into: &bank)
        else { return nil }
        return .shortAnswer(
            ShortAnswerKey(
                answers: zip(answers, texts).map { answer, text in
                    ShortAnswerKey.Answer(
                        text: text, fraction: answer.weight ?? 1, feedback: answer.feedback.map { LocalizedText($0) })
                }
            )
        )
    }

    /// `{T}`, `{TRUE#wrong feedback#right feedback}`, `{F}`, `{FALSE}`.
    func parseTrueFalse(_ content: LocatedText) -> ItemKind? {
        let headEnd = content.firstUnescaped("#") ?? content.count
        // Moodle's check is case-sensitive: {true} is a short answer there, and so here.
        let head = content.slice(0..<headEnd).trimmed().string
        let answer: Bool
        switch head {
        case "T", "TRUE": answer = true
        case "F", "FALSE": answer = false
        default: return nil
        }
        var feedbacks: [String] = []
        var index = headEnd
        while index < content.count {
            let next = content.firstUnescaped("#", from: index + 1) ?? content.count
            feedbacks.append(GIFTParser.unescape(content.slice((index + 1)..<next).trimmed().foldingLineBreaks()))
            index = next
        }
        // Moodle: the first feedback is for a wrong answer, the second for a right one.
        let wrong = feedbacks.first.flatMap { $0.isEmpty ? nil : LocalizedText($0) }
        let right = feedbacks.dropFirst().first.flatMap { $0.isEmpty ? nil : LocalizedText($0) }
        return .trueFalse(
            TrueFalseKey(
                answer: answer,
                feedbackIfTrue: answer ? right : wrong,
                feedbackIfFalse: answer ? wrong : right
            )
        )
    }

    /// Cuts the block at each unescaped `=` or `~` and reads each answer's weight and feedback.
    ///
    /// Text before the first marker is an answer too, as Moodle reads it: a right one where the
    /// block has only `=` answers (`leadingIsEquals`), a wrong one in a choice question.
    func splitAnswers(_ content: LocatedText, leadingIsEquals: Bool, into bank: inout ParsedBank) -> [Answer]? {
        var starts: [Int] = []
        var index = 0
        while index < content.count {
            let character = content.characters[index]
            if character == "\\" {
                index += 2
                continue
            }
            if character == "=" || character == "~" { starts.append(index) }
            index += 1
        }
        // A leading answer without a marker starts "one before" the text (its marker is implied).
        let leading = content.slice(0..<(starts.first ?? content.count)).trimmed()
        if !leading.isEmpty { starts.insert(-1, at: 0) }
        var answers: [Answer] = []
        for (offset, start) in starts.enumerated() {
            let end = offset + 1 < starts.count ? starts[offset + 1] : content.count
            var body = content.slice((start + 1)..<end).trimmed()
            let isEquals = start < 0 ? leadingIsEquals : content.characters[start] == "="
            var weight: Double?
            if body.hasPrefix("%") {
                guard let close = body.firstUnescaped("%", from: 1) else {
                    bank.error("the weight opened with '%' is never closed with '%'", at: body.position(0))
                    return nil
                }
                let text = body.slice(1..<close).string
                guard let percent = Double(text.trimmingCharacters(in: .whitespaces)), (-100...100).contains(percent)
                else {
                    bank.error("weight '%\(text)%' is not a percentage from -100 to 100", at: body.position(0))
                    return nil
                }
                weight = percent / 100
                body = body.slice((close + 1)..<body.count).trimmed()
            }
            var feedback: String?
            if let hash = body.firstUnescaped("#") {
                let text = GIFTParser.unescape(body.slice((hash + 1)..<body.count).trimmed().foldingLineBreaks())
                feedback = text.isEmpty ? nil : text
                body = body.slice(0..<hash).trimmed()
            }
            answers.append(
                Answer(
                    isEquals: isEquals,
                    weight: weight,
                    body: body,
                    feedback: feedback,
                    position: content.position(max(start, 0))
                )
            )
        }
        return answers
    }

    func matching(_ answers: [Answer], into bank: inout ParsedBank) -> ItemKind? {
        var pairs: [MatchingKey.Pair] = []
        var distractors: [LocalizedText] = []
        for answer in answers {
            guard let arrow = answer.body.firstUnescaped("->") else {
                bank.error("a matching answer needs 'left -> right'", at: answer.position)
                return nil
            }
            let left = GIFTParser.unescape(answer.body.slice(0..<arrow)).trimmingCharacters(in: .whitespacesAndNewlines)
            let right = GIFTParser.unescape(answer.body.slice((arrow + 2)..<answer.body.count))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !right.isEmpty else {
                bank.error("a matching answer has nothing after '->'", at: answer.position)
                return nil
            }
            if left.isEmpty {
                distractors.append(LocalizedText(right))
            } else {
                pairs.append(MatchingKey.Pair(left: LocalizedText(left), right: LocalizedText(right)))
            }
        }
        guard pairs.count >= 2 else {
            bank.error("a matching question needs at least two pairs", at: openBrace)
            return nil
        }
        return .matching(MatchingKey(pairs: pairs, distractors: distractors))
    }
}
