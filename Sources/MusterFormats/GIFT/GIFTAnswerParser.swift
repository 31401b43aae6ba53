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

    func parse(into bank: inout ParsedBank) -> ItemKind? {
        let content = block.trimmed()
        if content.isEmpty { return .essay(nil) }
        if content.characters[0] == "#" {
            return GIFTNumericParser(content: content.slice(1..<content.count), position: content.position(0))
                .parse(into: &bank)
        }
        if let trueFalse = parseTrueFalse(content) { return trueFalse }
        guard let answers = splitAnswers(content, into: &bank) else { return nil }
        if answers.allSatisfy(\.isEquals), answers.contains(where: { $0.body.firstUnescaped("->") != nil }) {
            return matching(answers, into: &bank)
        }
        let texts = answers.map { GIFTParser.unescape($0.body).trimmingCharacters(in: .whitespacesAndNewlines) }
        for (answer, text) in zip(answers, texts) where text.isEmpty {
            bank.error("an answer has no text", at: answer.position)
            return nil
        }
        if answers.allSatisfy(\.isEquals) {
            return .shortAnswer(
                ShortAnswerKey(
                    answers: zip(answers, texts).map { answer, text in
                        ShortAnswerKey.Answer(
                            text: text,
                            fraction: answer.weight ?? 1,
                            feedback: answer.feedback.map { LocalizedText($0) }
                        )
                    }
                )
            )
        }
        let options = zip(answers, texts).map { answer, text in
            ChoiceOption(
                text: LocalizedText(text),
                fraction: answer.weight ?? (answer.isEquals ? 1 : 0),
                feedback: answer.feedback.map { LocalizedText($0) }
            )
        }
        switch answers.filter(\.isEquals).count {
        case 1:
            return .singleChoice(options)
        case 0:
            guard options.contains(where: { $0.fraction > 0 }) else {
                bank.error(
                    "no answer earns credit: mark the right answer with '=' or give weights such as ~%50%",
                    at: openBrace
                )
                return nil
            }
            return .multipleResponse(MultipleResponseKey(options: options))
        default:
            let second = answers.filter(\.isEquals)[1]
            bank.error(
                "a choice question has more than one '=' answer; for several right answers use weights such as ~%50%",
                at: second.position
            )
            return nil
        }
    }

    /// `{T}`, `{TRUE#wrong feedback#right feedback}`, `{F}`, `{FALSE}`.
    func parseTrueFalse(_ content: LocatedText) -> ItemKind? {
        let headEnd = content.firstUnescaped("#") ?? content.count
        let head = content.slice(0..<headEnd).trimmed().string.uppercased()
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
    func splitAnswers(_ content: LocatedText, into bank: inout ParsedBank) -> [Answer]? {
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
        guard let first = starts.first else {
            bank.error(
                "the answer block has no answers; start each with '=' (right) or '~' (wrong), or use {T}/{F}, {#…} or {}",
                at: content.position(0)
            )
            return nil
        }
        if !content.slice(0..<first).trimmed().isEmpty {
            bank.error(
                "unexpected text before the first answer; each answer starts with '=' or '~'", at: content.position(0))
            return nil
        }
        var answers: [Answer] = []
        for (offset, start) in starts.enumerated() {
            let end = offset + 1 < starts.count ? starts[offset + 1] : content.count
            var body = content.slice((start + 1)..<end).trimmed()
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
                    isEquals: content.characters[start] == "=",
                    weight: weight,
                    body: body,
                    feedback: feedback,
                    position: content.position(start)
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
