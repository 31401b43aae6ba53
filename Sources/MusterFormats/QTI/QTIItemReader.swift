import Foundation
import MusterDomain

/// Interprets one QTI item: its interaction, response declaration and response processing.
///
/// An item is imported whole, scored as the reference engines (QTIWorks, qti-sdk) score it, or
/// refused with a positioned error naming what is not supported: never an auto-scored item
/// without a key, never a part of an item dropped.
struct QTIItemReader {
    let item: QTINode
    let file: String

    init(item: XMLElementNode, file: String) {
        self.item = QTINode(node: item)
        self.file = file
    }

    /// The interactions Muster reads.
    static let supported = [
        "choiceInteraction", "inlineChoiceInteraction", "textEntryInteraction", "orderInteraction", "matchInteraction",
        "extendedTextInteraction",
    ]

    /// What the interaction readers make: the kind with its key, and the item's points.
    typealias Keyed = (kind: ItemKind, points: Double)

    mutating func read(into bank: inout ParsedBank) -> Item? {
        let position = item.node.position(file: file)
        let identifier = item.attribute("identifier") ?? ""
        guard let body = item.child("itemBody") else {
            bank.error("item '\(identifier)' has no item body", at: position)
            return nil
        }
        let interactions = body.allDescendants.filter { $0.name.hasSuffix("Interaction") }
        if let unsupported = interactions.first(where: { !Self.supported.contains($0.name) }) {
            bank.error(
                "\(unsupported.node.name) is not supported; Muster reads choice, inlineChoice, textEntry, order, match and extendedText interactions",
                at: unsupported.node.position(file: file))
            return nil
        }
        // Content Muster would show wrongly or drop: feedback and rubric text (often for scorers
        // only), images, formulas and templated values.
        let unsupportedContent = [
            "rubricBlock", "feedbackBlock", "feedbackInline", "modalFeedback", "templateDeclaration", "printedVariable",
            "img", "math", "object",
        ]
        if let content = (item.allDescendants).first(where: { unsupportedContent.contains($0.name) }) {
            bank.error(
                "<\(content.node.name)> is not supported; Muster imports text items without feedback blocks, images or formulas",
                at: content.node.position(file: file))
            return nil
        }
        guard let interaction = interactions.first else {
            bank.error(
                "item '\(identifier)' has no interaction; Muster reads choice, inlineChoice, textEntry, order, match and extendedText",
                at: position)
            return nil
        }
        if interactions.count > 1 {
            bank.error(
                "item '\(identifier)' has \(interactions.count) interactions; Muster imports items with one, so this item is refused whole",
                at: interactions[1].node.position(file: file))
            return nil
        }
        // The body's own text (the stem) and the interaction's prompt together; an inline
        // interaction leaves a blank where it stands.
        let inline = ["textEntryInteraction", "inlineChoiceInteraction"].contains(interaction.name)
        let stem = Self.promptText(body, blanking: interaction, with: inline ? " _____ " : " ")
        let prompt = [stem, interaction.child("prompt")?.text ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let keyed: Keyed?
        if interaction.name == "extendedTextInteraction" {
            keyed = (.essay(nil), 1)
        } else {
            keyed = scoredKind(interaction, identifier: identifier, into: &bank)
        }
        guard let keyed else { return nil }
        return Item(
            id: identifier.isEmpty ? GIFTQuestionParser.derivedID(from: prompt) : identifier,
            prompt: localized(prompt),
            kind: keyed.kind,
            points: keyed.points,
            source: position
        )
    }

    /// The kind of an auto-scored interaction, from its declaration and response processing.
    func scoredKind(_ interaction: QTINode, identifier: String, into bank: inout ParsedBank) -> Keyed? {
        let at = interaction.node.position(file: file)
        let responseID = interaction.attribute("responseIdentifier") ?? "RESPONSE"
        guard let declaration = QTIDeclaration(responseID, in: item, file: file) else {
            bank.error("item '\(identifier)' declares no response '\(responseID)' for its \(interaction.name)", at: at)
            return nil
        }
        let scoring: QTIScoring
        switch QTIResponseProcessing(item: item, file: file).scoring(responseID: responseID) {
        case .refused(let problem):
            bank.diagnostics.append(problem)
            return nil
        case .absent:
            bank.error(
                "item '\(identifier)' has no response processing, so nothing would score it; add the match_correct or map_response template",
                at: item.node.position(file: file))
            return nil
        case .scored(let found):
            scoring = found
        }
        if responseID != "RESPONSE" {
            bank.error(
                "the standard templates score the response 'RESPONSE'; this \(interaction.name) answers '\(responseID)'",
                at: at)
            return nil
        }
        if let entry = declaration.unreadable.first {
            bank.error("this mapEntry has no mapKey or a mappedValue that is not a number", at: entry)
            return nil
        }
        if scoring == .matchCorrect, declaration.correct.isEmpty {
            bank.error(
                "item '\(identifier)' is scored by match_correct but has no correct response", at: declaration.position)
            return nil
        }
        if scoring == .mapResponse, declaration.entries.isEmpty {
            bank.error(
                "item '\(identifier)' is scored by map_response but its mapping is empty", at: declaration.position)
            return nil
        }
        var reader = QTIKeyReader(interaction: interaction, declaration: declaration, scoring: scoring, reader: self)
        let keyed = reader.key()
        bank.diagnostics += reader.problems
        return reader.problems.isEmpty ? keyed : nil
    }

    /// The item body's text with the interaction replaced by a blank (inline interactions).
    static func promptText(_ body: QTINode, blanking interaction: QTINode, with blank: String) -> String {
        func collect(_ node: XMLElementNode) -> String {
            if node === interaction.node { return blank }
            return node.content.map { piece in
                switch piece {
                case .text(let text): text
                case .element(let element): collect(element)
                }
            }.joined()
        }
        return collect(body.node).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingOccurrences(of: " ;", with: ";")
    }

    /// The item's language: its `xml:lang`, English when it states none.
    var language: String { item.node.attributes["xml:lang"].map(Self.language) ?? "en" }

    func localized(_ text: String) -> LocalizedText { LocalizedText(text, language: language) }

    /// `en-US` → `en`; QTI texts are usually English-region tags, Muster keys by language.
    static func language(_ tag: String) -> String {
        tag.lowercased().hasPrefix("zh") ? "zh-CN" : String(tag.split(separator: "-").first ?? "en")
    }
}
