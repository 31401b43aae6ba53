import Foundation
import MusterDomain

/// Interprets one QTI item: its response declaration, interaction and processing template.
struct QTIItemReader {
    let item: QTINode
    let file: String

    init(item: XMLElementNode, file: String) {
        self.item = QTINode(node: item)
        self.file = file
    }

    /// The response declaration's key: correct values and optional mapping.
    struct Declaration {
        var cardinality: String
        var correct: [String]
        var mapping: [String: Double]
        var defaultValue: Double
        var lowerBound: Double?
        var upperBound: Double?
        var caseSensitive: Bool
    }

    mutating func read(into bank: inout ParsedBank) -> Item? {
        let position = item.node.position(file: file)
        let identifier = item.attribute("identifier") ?? ""
        guard let body = item.child("itemBody") else {
            bank.error("item '\(identifier)' has no item body", at: position)
            return nil
        }
        let interactionNames = [
            "choiceInteraction", "textEntryInteraction", "orderInteraction", "matchInteraction",
            "extendedTextInteraction",
        ]
        guard let interaction = interactionNames.lazy.compactMap({ body.descendants($0).first }).first else {
            bank.error(
                "item '\(identifier)' has no supported interaction (choice, textEntry, order, match, extendedText)",
                at: position)
            return nil
        }
        let responseID = interaction.attribute("responseIdentifier") ?? "RESPONSE"
        let declaration = self.declaration(responseID)
        let template =
            item.child("responseProcessing")?.attribute("template").map(QTIParser.templateName) ?? "match_correct"
        let prompt = interaction.child("prompt")?.text ?? body.text
        var points = 1.0
        let kind: ItemKind
        switch interaction.name {
        case "choiceInteraction":
            let choices = interaction.descendants("simpleChoice")
            let usesMapping = template.hasPrefix("map_response") && !(declaration?.mapping.isEmpty ?? true)
            var upper = 1.0
            if usesMapping, let declaration {
                upper = declaration.upperBound ?? declaration.mapping.values.filter { $0 > 0 }.reduce(0, +)
                if upper <= 0 { upper = 1 }
                points = upper
            }
            let options = choices.map { choice -> ChoiceOption in
                let id = choice.attribute("identifier") ?? ""
                let fraction: Double
                if usesMapping, let declaration {
                    fraction = (declaration.mapping[id] ?? declaration.defaultValue) / upper
                } else {
                    fraction = declaration?.correct.contains(id) == true ? 1 : 0
                }
                return ChoiceOption(text: localized(choice.text), fraction: fraction)
            }
            let multiple = declaration?.cardinality == "multiple"
            if multiple {
                kind = .multipleResponse(
                    MultipleResponseKey(options: options, rule: usesMapping ? .sumOfWeights : .allOrNothing))
            } else {
                kind = .singleChoice(options)
            }
        case "textEntryInteraction":
            guard let declaration, !(declaration.correct.isEmpty && declaration.mapping.isEmpty) else {
                bank.error("item '\(identifier)' has no correct response for its text entry", at: position)
                return nil
            }
            var answers = declaration.correct.map { ShortAnswerKey.Answer(text: $0) }
            let best = declaration.mapping.values.max() ?? 1
            for (key, value) in declaration.mapping.sorted(by: { $0.key < $1.key })
            where !declaration.correct.contains(key) {
                answers.append(ShortAnswerKey.Answer(text: key, fraction: best > 0 ? value / best : 0))
            }
            kind = .shortAnswer(ShortAnswerKey(answers: answers, caseSensitive: declaration.caseSensitive))
        case "orderInteraction":
            let texts = Dictionary(
                interaction.descendants("simpleChoice").map { ($0.attribute("identifier") ?? "", $0.text) },
                uniquingKeysWith: { first, _ in first }
            )
            let order = declaration?.correct ?? []
            guard order.count >= 2, order.allSatisfy({ texts[$0] != nil }) else {
                bank.error("item '\(identifier)' has no usable correct order", at: position)
                return nil
            }
            kind = .ordering(order.map { localized(texts[$0] ?? "") })
        case "matchInteraction":
            let sets = interaction.children("simpleMatchSet").map { set in
                Dictionary(
                    set.children("simpleAssociableChoice").map { ($0.attribute("identifier") ?? "", $0.text) },
                    uniquingKeysWith: { first, _ in first }
                )
            }
            guard sets.count == 2, let declaration else {
                bank.error("item '\(identifier)' needs two match sets and a correct response", at: position)
                return nil
            }
            let pairs = declaration.correct.compactMap { value -> MatchingKey.Pair? in
                let ids = value.split(separator: " ").map(String.init)
                guard ids.count == 2, let left = sets[0][ids[0]], let right = sets[1][ids[1]] else { return nil }
                return MatchingKey.Pair(left: localized(left), right: localized(right))
            }
            let used = Set(pairs.map { $0.right.text() })
            let distractors = sets[1].values.sorted().filter { !used.contains($0) }.map { localized($0) }
            kind = .matching(MatchingKey(pairs: pairs, distractors: distractors))
        default:
            kind = .essay(nil)
        }
        return Item(
            id: identifier.isEmpty ? GIFTQuestionParser.derivedID(from: prompt) : identifier,
            prompt: localized(prompt),
            kind: kind,
            points: points,
            source: position
        )
    }

    /// The item's language: its `xml:lang`, English when it states none.
    var language: String { item.node.attributes["xml:lang"].map(Self.language) ?? "en" }

    func localized(_ text: String) -> LocalizedText { LocalizedText(text, language: language) }

    /// `en-US` → `en`; QTI texts are usually English-region tags, Muster keys by language.
    static func language(_ tag: String) -> String {
        tag.lowercased().hasPrefix("zh") ? "zh-CN" : String(tag.split(separator: "-").first ?? "en")
    }

    func declaration(_ identifier: String) -> Declaration? {
        guard let node = item.children("responseDeclaration").first(where: { $0.attribute("identifier") == identifier })
        else { return nil }
        let correct = node.child("correctResponse")?.children("value").map(\.text) ?? []
        let mapping = node.child("mapping")
        var entries: [String: Double] = [:]
        var caseSensitive = false
        for entry in mapping?.children("mapEntry") ?? [] {
            if let key = entry.attribute("mapKey"), let value = entry.attribute("mappedValue").flatMap(Double.init) {
                entries[key] = value
            }
            if entry.attribute("caseSensitive") == "true" { caseSensitive = true }
        }
        return Declaration(
            cardinality: node.attribute("cardinality") ?? "single",
            correct: correct,
            mapping: entries,
            defaultValue: mapping?.attribute("defaultValue").flatMap(Double.init) ?? 0,
            lowerBound: mapping?.attribute("lowerBound").flatMap(Double.init),
            upperBound: mapping?.attribute("upperBound").flatMap(Double.init),
            caseSensitive: caseSensitive
        )
    }
}
