import MusterDomain

/// How a QTI item is scored: one of the standard templates, named by URI or written out inline.
enum QTIScoring: Equatable {
    /// Full credit when the response equals the correct response, else none.
    case matchCorrect
    /// The response's mapped value, bounded.
    case mapResponse
}

/// Recognises an item's response processing, refusing what Muster cannot evaluate exactly.
struct QTIResponseProcessing {
    let item: QTINode
    let file: String

    /// The templates Muster evaluates, by short name.
    static let templates: [String: QTIScoring] = ["match_correct": .matchCorrect, "map_response": .mapResponse]

    /// What an item's response processing amounts to.
    enum Outcome {
        /// A template Muster evaluates.
        case scored(QTIScoring)
        /// No response processing at all.
        case absent
        /// Something Muster cannot evaluate exactly, named at its element.
        case refused(Diagnostic)
    }

    /// The scoring for the response `responseID`, or a problem naming the element and its line.
    func scoring(responseID: String) -> Outcome {
        guard let processing = item.child("responseProcessing") else { return .absent }
        let at = processing.node.position(file: file)
        if let uri = processing.attribute("template") {
            let name = QTIParser.templateName(uri)
            guard let scoring = Self.templates[name] else {
                return .refused(
                    Diagnostic(
                        .error, at: at,
                        "response processing template '\(name)' is not supported; Muster evaluates match_correct and map_response"
                    ))
            }
            return .scored(scoring)
        }
        let signature = Self.signature(of: processing)
        if signature == Self.inlineMatchCorrect(responseID) { return .scored(.matchCorrect) }
        if Self.inlineMapResponse(responseID).contains(signature) { return .scored(.mapResponse) }
        let first = processing.node.children.first.map { QTINode(node: $0) }
        let element = first?.node.name ?? processing.node.name
        let line = first?.node.line ?? processing.node.line
        return .refused(
            Diagnostic(
                .error, at: first.map { $0.node.position(file: file) } ?? at,
                "custom response processing (<\(element)> on line \(line)) is not supported; use the match_correct or map_response template"
            ))
    }

    /// A compact, whitespace-free form of an element tree: names, identifiers and base values.
    static func signature(of node: QTINode) -> String {
        var text = node.name
        if let identifier = node.attribute("identifier") { text += "[\(identifier)]" }
        if node.name == "baseValue" { text += "=\(node.text.trimmingCharacters(in: .whitespacesAndNewlines))" }
        let children = node.node.children.map { signature(of: QTINode(node: $0)) }
        if !children.isEmpty { text += "(" + children.joined(separator: ",") + ")" }
        return text
    }

    /// match_correct written out, as the template's own file states it.
    static func inlineMatchCorrect(_ response: String) -> String {
        "responseProcessing(responseCondition(responseIf(match(variable[\(response)],correct[\(response)]),"
            + "setOutcomeValue[SCORE](baseValue=1)),responseElse(setOutcomeValue[SCORE](baseValue=0))))"
    }

    /// map_response written out, with and without the integer/float spelling of 0.
    static func inlineMapResponse(_ response: String) -> [String] {
        ["0", "0.0"].map { zero in
            "responseProcessing(responseCondition(responseIf(isNull(variable[\(response)]),"
                + "setOutcomeValue[SCORE](baseValue=\(zero))),responseElse(setOutcomeValue[SCORE](mapResponse[\(response)]))))"
        }
    }
}
