import Foundation
import MusterDomain

/// Reads Moodle XML (`<quiz><question type="…">`): multichoice, truefalse, shortanswer,
/// numerical, matching, essay, description and category.
public struct MoodleXMLParser: Sendable {
    public init() {}

    public func parse(_ text: String, file: String) -> ParsedBank {
        var bank = ParsedBank()
        guard let root = XMLTreeBuilder.parse(text, file: file, into: &bank) else { return bank }
        guard root.name == "quiz" else {
            bank.error("a Moodle XML file starts with <quiz>, not <\(root.name)>", at: root.position(file: file))
            return bank
        }
        var category: String?
        for question in root.children("question") {
            let type = question.attributes["type"] ?? ""
            if type == "category" {
                category =
                    question.child("category")?.child("text").map { GIFTParser.topic(fromCategory: $0.allText) } ?? nil
                continue
            }
            if let item = item(question, type: type, category: category, file: file, bank: &bank) {
                bank.items.append(item)
            }
        }
        bank.finishItems(file: file)
        return bank
    }

    func item(
        _ question: XMLElementNode, type: String, category: String?, file: String, bank: inout ParsedBank
    ) -> Item? {
        let position = question.position(file: file)
        let name = question.child("name")?.child("text")?.allText ?? ""
        let prompt =
            question.child("questiontext")?.child("text")?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !prompt.isEmpty else {
            bank.error("the \(type) question '\(name)' has no <questiontext>", at: position)
            return nil
        }
        let answers = question.children("answer")
        let kind: ItemKind
        switch type {
        case "multichoice":
            guard let options = options(answers, file: file, bank: &bank) else { return nil }
            let single = question.child("single")?.allText.lowercased() != "false"
            kind = single ? .singleChoice(options) : .multipleResponse(MultipleResponseKey(options: options))
        case "truefalse":
            let truth = answers.first { $0.child("text")?.allText.lowercased() == "true" }
            let falsity = answers.first { $0.child("text")?.allText.lowercased() == "false" }
            guard let truth, let falsity else {
                bank.error("a truefalse question needs a 'true' and a 'false' answer", at: position)
                return nil
            }
            kind = .trueFalse(
                TrueFalseKey(
                    answer: (fraction(truth, file: file, bank: &bank) ?? 0) > 0,
                    feedbackIfTrue: feedback(truth),
                    feedbackIfFalse: feedback(falsity)
                )
            )
        case "shortanswer":
            let accepted = answers.map { answer in
                ShortAnswerKey.Answer(
                    text: answer.child("text")?.allText ?? "",
                    fraction: fraction(answer, file: file, bank: &bank) ?? 0,
                    feedback: feedback(answer)
                )
            }
            kind = .shortAnswer(
                ShortAnswerKey(answers: accepted, caseSensitive: question.child("usecase")?.allText == "1")
            )
        case "numerical":
            var numeric: [NumericAnswer] = []
            for answer in answers {
                let valueText =
                    answer.child("text")?.allText ?? answer.text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let value = Double(valueText) else {
                    let hint = valueText.contains(",") ? "; use a dot for decimals" : ""
                    bank.error("numeric answer '\(valueText)' is not a number\(hint)", at: answer.position(file: file))
                    return nil
                }
                let tolerance = answer.child("tolerance").flatMap { Double($0.allText) } ?? 0
                numeric.append(
                    NumericAnswer(
                        .value(value, tolerance: abs(tolerance)),
                        fraction: fraction(answer, file: file, bank: &bank) ?? 0,
                        feedback: feedback(answer)
                    )
                )
            }
            kind = .numeric(numeric)
        case "matching":
            var pairs: [MatchingKey.Pair] = []
            var distractors: [LocalizedText] = []
            for sub in question.children("subquestion") {
                let left = sub.child("text")?.allText ?? ""
                let right = sub.child("answer")?.child("text")?.allText ?? ""
                if left.isEmpty {
                    distractors.append(LocalizedText(right))
                } else {
                    pairs.append(MatchingKey.Pair(left: LocalizedText(left), right: LocalizedText(right)))
                }
            }
            guard pairs.count >= 2 else {
                bank.error("a matching question needs at least two <subquestion> pairs", at: position)
                return nil
            }
            kind = .matching(MatchingKey(pairs: pairs, distractors: distractors))
        case "essay":
            kind = .essay(nil)
        case "description":
            kind = .description
        default:
            bank.error("question type '\(type)' is not supported", at: position)
            return nil
        }
        let grade = question.child("defaultgrade").flatMap { Double($0.allText) } ?? (type == "description" ? 0 : 1)
        return Item(
            id: name.isEmpty ? GIFTQuestionParser.derivedID(from: prompt) : name,
            prompt: LocalizedText(prompt),
            kind: kind,
            topics: category.map { [$0] } ?? [],
            points: grade,
            feedback: question.child("generalfeedback")?.child("text").flatMap {
                $0.allText.isEmpty ? nil : LocalizedText($0.allText)
            },
            source: position
        )
    }

    func options(_ answers: [XMLElementNode], file: String, bank: inout ParsedBank) -> [ChoiceOption]? {
        var options: [ChoiceOption] = []
        for answer in answers {
            guard let value = fraction(answer, file: file, bank: &bank) else { return nil }
            options.append(
                ChoiceOption(
                    text: LocalizedText(answer.child("text")?.allText ?? ""), fraction: value,
                    feedback: feedback(answer))
            )
        }
        return options
    }

    /// The answer's `fraction` attribute (a percentage) as a fraction.
    func fraction(_ answer: XMLElementNode, file: String, bank: inout ParsedBank) -> Double? {
        let text = answer.attributes["fraction"] ?? "0"
        guard let percent = Double(text), (-100...100).contains(percent) else {
            bank.error("fraction '\(text)' is not a percentage from -100 to 100", at: answer.position(file: file))
            return nil
        }
        return percent / 100
    }

    func feedback(_ answer: XMLElementNode) -> LocalizedText? {
        guard let text = answer.child("feedback")?.child("text")?.allText, !text.isEmpty else { return nil }
        return LocalizedText(text)
    }
}
