import Foundation
import MusterDomain
import Yams

/// Reads the kind-specific fields of a native YAML item into its ``ItemKind``.
struct YAMLKindReader {
    var reader: YAMLNodeReader
    let fields: [String: Node]
    let owner: Node
    let id: String

    mutating func kind(_ typeName: String) -> ItemKind? {
        switch typeName {
        case "single-choice":
            guard let options = options() else { return nil }
            if !options.contains(where: { $0.fraction == 1 }) {
                reader.error("item '\(id)' has no option with 'correct: true' or 'fraction: 1'", at: fields["options"])
            }
            return .singleChoice(options)
        case "multiple-response":
            guard let options = options() else { return nil }
            var rule = MultipleResponseKey.Rule.sumOfWeights
            if let ruleNode = fields["rule"] {
                guard let value = ruleNode.string.flatMap(MultipleResponseKey.Rule.init(rawValue:)) else {
                    reader.error("'rule' must be weights or all-or-nothing", at: ruleNode)
                    return nil
                }
                rule = value
            }
            if !options.contains(where: { $0.fraction > 0 }) {
                reader.error("item '\(id)' has no option that earns credit", at: fields["options"])
            }
            return .multipleResponse(MultipleResponseKey(options: options, rule: rule))
        case "true-false":
            guard let answerNode = required("answer"), let answer = reader.bool(answerNode, field: "answer") else {
                return nil
            }
            return .trueFalse(
                TrueFalseKey(
                    answer: answer,
                    feedbackIfTrue: fields["feedback_if_true"].flatMap {
                        reader.localized($0, field: "feedback_if_true")
                    },
                    feedbackIfFalse: fields["feedback_if_false"].flatMap {
                        reader.localized($0, field: "feedback_if_false")
                    }
                )
            )
        case "short-answer":
            return shortAnswer()
        case "numeric":
            return numeric()
        case "matching":
            return matching()
        case "ordering":
            guard let node = required("sequence"), let entries = reader.sequence(node, field: "sequence") else {
                return nil
            }
            let texts = entries.compactMap { reader.localized($0, field: "sequence") }
            if texts.count < 2 { reader.error("item '\(id)' needs at least two entries to order", at: node) }
            return .ordering(texts, scoring: scoring(OrderScoring.self))
        case "essay":
            guard let node = fields["rubric"] else { return .essay(nil) }
            return rubric(node).map { .essay($0) }
        case "practical":
            guard let node = required("station") else { return nil }
            var stationReader = YAMLStationReader(reader: reader, id: id)
            let station = stationReader.station(node)
            reader = stationReader.reader
            return station.map { .practical($0) }
        default:
            return .description
        }
    }

    mutating func required(_ name: String) -> Node? {
        guard let node = fields[name] else {
            reader.error("item '\(id)' is missing '\(name)'", at: owner)
            return nil
        }
        return node
    }

    /// A fraction given as `fraction: 0.5`, or `correct: true` for 1.
    mutating func fraction(_ fields: [String: Node], default defaultValue: Double) -> Double {
        if let node = fields["fraction"], let value = reader.number(node, field: "fraction") {
            if value < -1 || value > 1 { reader.error("'fraction' must be from -1 to 1", at: node) }
            return value
        }
        if let node = fields["correct"], let value = reader.bool(node, field: "correct") {
            return value ? 1 : 0
        }
        return defaultValue
    }

    mutating func options() -> [ChoiceOption]? {
        guard let node = required("options"), let entries = reader.sequence(node, field: "options") else { return nil }
        if entries.count < 2 { reader.error("item '\(id)' needs at least two options", at: node) }
        return entries.compactMap { entry in
            if case .scalar = entry {
                return reader.localized(entry, field: "options").map { ChoiceOption(text: $0, fraction: 0) }
            }
            guard
                let optionFields = reader.fields(
                    of: entry,
                    allowed: ["text", "fraction", "correct", "feedback"],
                    context: "an option"
                ),
                let textNode = optionFields["text"]
                    ?? {
                        reader.error("an option is missing 'text'", at: entry); return nil
                    }(),
                let text = reader.localized(textNode, field: "text")
            else { return nil }
            return ChoiceOption(
                text: text,
                fraction: fraction(optionFields, default: 0),
                feedback: optionFields["feedback"].flatMap { reader.localized($0, field: "feedback") }
            )
        }
    }

    mutating func shortAnswer() -> ItemKind? {
        guard let node = required("answers"), let entries = reader.sequence(node, field: "answers") else { return nil }
        let answers: [ShortAnswerKey.Answer] = entries.compactMap { entry in
            if case .scalar(let scalar) = entry { return ShortAnswerKey.Answer(text: scalar.string) }
            guard
                let answerFields = reader.fields(
                    of: entry, allowed: ["text", "fraction", "feedback", "case_sensitive"], context: "an answer"),
                let text = reader.requiredString(answerFields, "text", in: entry, context: "an answer")
            else { return nil }
            return ShortAnswerKey.Answer(
                text: text,
                fraction: fraction(answerFields, default: 1),
                feedback: answerFields["feedback"].flatMap { reader.localized($0, field: "feedback") },
                caseSensitive: answerFields["case_sensitive"].flatMap { reader.bool($0, field: "case_sensitive") }
            )
        }
        if answers.isEmpty { reader.error("item '\(id)' has no accepted answers", at: node) }
        let caseSensitive = fields["case_sensitive"].flatMap { reader.bool($0, field: "case_sensitive") } ?? false
        return .shortAnswer(ShortAnswerKey(answers: answers, caseSensitive: caseSensitive))
    }

    mutating func numeric() -> ItemKind? {
        guard let node = required("answers"), let entries = reader.sequence(node, field: "answers") else { return nil }
        let answers: [NumericAnswer] = entries.compactMap { entry in
            guard
                let answerFields = reader.fields(
                    of: entry,
                    allowed: ["value", "tolerance", "min", "max", "fraction", "feedback"],
                    context: "a numeric answer"
                )
            else { return nil }
            let accepts: NumericAnswer.Accepts
            if let valueNode = answerFields["value"] {
                guard let value = reader.number(valueNode, field: "value") else { return nil }
                let tolerance = answerFields["tolerance"].flatMap { reader.number($0, field: "tolerance") } ?? 0
                accepts = .value(value, tolerance: abs(tolerance))
            } else if let minNode = answerFields["min"], let maxNode = answerFields["max"] {
                guard let minimum = reader.number(minNode, field: "min"),
                    let maximum = reader.number(maxNode, field: "max")
                else { return nil }
                if minimum > maximum { reader.error("'min' is greater than 'max'", at: minNode) }
                accepts = .range(minimum: minimum, maximum: maximum)
            } else {
                reader.error("a numeric answer needs 'value' (with optional 'tolerance') or 'min' and 'max'", at: entry)
                return nil
            }
            return NumericAnswer(
                accepts,
                fraction: fraction(answerFields, default: 1),
                feedback: answerFields["feedback"].flatMap { reader.localized($0, field: "feedback") }
            )
        }
        if answers.isEmpty { reader.error("item '\(id)' has no accepted answers", at: node) }
        return .numeric(answers)
    }

    mutating func matching() -> ItemKind? {
        guard let node = required("pairs"), let entries = reader.sequence(node, field: "pairs") else { return nil }
        let pairs: [MatchingKey.Pair] = entries.compactMap { entry in
            guard let pairFields = reader.fields(of: entry, allowed: ["left", "right", "credit"], context: "a pair"),
                let leftNode = pairFields["left"], let rightNode = pairFields["right"]
            else {
                reader.error("a pair needs 'left' and 'right'", at: entry)
                return nil
            }
            guard let left = reader.localized(leftNode, field: "left"),
                let right = reader.localized(rightNode, field: "right")
            else { return nil }
            var credit: Double?
            if let node = pairFields["credit"], let value = reader.number(node, field: "credit") {
                if value <= 0 { reader.error("'credit' must be above 0", at: node) }
                credit = value
            }
            return MatchingKey.Pair(left: left, right: right, credit: credit)
        }
        if pairs.count < 2 { reader.error("item '\(id)' needs at least two pairs", at: node) }
        var distractors: [LocalizedText] = []
        if let distractorNode = fields["distractors"], let nodes = reader.sequence(distractorNode, field: "distractors")
        {
            distractors = nodes.compactMap { reader.localized($0, field: "distractors") }
        }
        return .matching(MatchingKey(pairs: pairs, distractors: distractors, scoring: scoring(MatchScoring.self)))
    }

    /// The item's `scoring`, when it states one of `Rule`'s values.
    mutating func scoring<Rule: RawRepresentable & CaseIterable>(_ rule: Rule.Type) -> Rule?
    where Rule.RawValue == String {
        guard let node = fields["scoring"], let text = reader.string(node, field: "scoring") else { return nil }
        guard let value = Rule(rawValue: text) else {
            reader.error(
                "'scoring' must be one of \(Rule.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'",
                at: node)
            return nil
        }
        return value
    }

    mutating func rubric(_ node: Node) -> Rubric? {
        guard let rubricFields = reader.fields(of: node, allowed: ["criteria"], context: "a rubric"),
            let criteriaNode = rubricFields["criteria"], let entries = reader.sequence(criteriaNode, field: "criteria")
        else {
            reader.error("a rubric needs 'criteria'", at: node)
            return nil
        }
        let criteria: [Rubric.Criterion] = entries.compactMap { entry in
            guard let criterionFields = reader.fields(of: entry, allowed: ["name", "levels"], context: "a criterion"),
                let nameNode = criterionFields["name"], let levelsNode = criterionFields["levels"],
                let name = reader.localized(nameNode, field: "name"),
                let levelNodes = reader.sequence(levelsNode, field: "levels")
            else {
                reader.error("a criterion needs 'name' and 'levels'", at: entry)
                return nil
            }
            let levels: [Rubric.Level] = levelNodes.compactMap { levelNode in
                guard let levelFields = reader.fields(of: levelNode, allowed: ["label", "points"], context: "a level"),
                    let labelNode = levelFields["label"], let pointsNode = levelFields["points"],
                    let label = reader.localized(labelNode, field: "label"),
                    let points = reader.number(pointsNode, field: "points")
                else {
                    reader.error("a level needs 'label' and 'points'", at: levelNode)
                    return nil
                }
                return Rubric.Level(label: label, points: points)
            }
            return Rubric.Criterion(name: name, levels: levels)
        }
        return Rubric(criteria: criteria)
    }
}
