import Foundation
import MusterDomain

/// Reads QTI 2.1 (`assessmentItem`) and QTI 3.0 (`qti-assessment-item`) items.
///
/// QTI 3.0's kebab-case `qti-` names are read as their QTI 2.1 equivalents, so one interpreter
/// serves both. Interactions: choice (single and multiple), textEntry, order, match and
/// extendedText. Response processing templates are recognised by their last path segment, so the
/// `qti_v2p1`, `v3p0`, `.xml` and extension-less URIs seen in the wild all work.
public struct QTIParser: Sendable {
    public init() {}

    public func parse(_ text: String, file: String) -> ParsedBank {
        var bank = ParsedBank()
        guard let root = XMLTreeBuilder.parse(text, file: file, into: &bank) else { return bank }
        if root.name == "questestinterop" {
            bank.error("QTI 1.2 is not supported; export QTI 2.1 or 3.0", at: root.position(file: file))
            return bank
        }
        let items =
            Self.normalisedName(root.name) == "assessmentItem"
            ? [root]
            : root.descendants("assessmentItem")
                + root.descendants("qti-assessment-item")
        if items.isEmpty {
            bank.error("no <assessmentItem> or <qti-assessment-item> in the file", at: root.position(file: file))
        }
        for node in items {
            var reader = QTIItemReader(item: node, file: file)
            if let item = reader.read(into: &bank) { bank.items.append(item) }
        }
        bank.finishItems(file: file)
        return bank
    }

    /// A QTI 3.0 name (`qti-simple-choice`, `response-identifier`) in QTI 2.1 form.
    static func normalisedName(_ name: String) -> String {
        let bare = name.hasPrefix("qti-") ? String(name.dropFirst(4)) : name
        let parts = bare.split(separator: "-")
        guard let first = parts.first else { return bare }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The template's short name (`match_correct`, `map_response`, …) from any of its URI forms.
    static func templateName(_ uri: String) -> String {
        var last = uri.split(separator: "/").last.map(String.init) ?? uri
        if last.hasSuffix(".xml") { last.removeLast(4) }
        return last.lowercased().replacingOccurrences(of: "-", with: "_")
    }
}

/// A QTI element with QTI 3.0 names and attributes read in QTI 2.1 form.
struct QTINode {
    let node: XMLElementNode

    var name: String { QTIParser.normalisedName(node.name) }

    func attribute(_ name: String) -> String? {
        node.attributes.first { QTIParser.normalisedName($0.key) == name }?.value
    }

    func children(_ name: String) -> [QTINode] {
        node.children.map(QTINode.init).filter { $0.name == name }
    }

    func child(_ name: String) -> QTINode? { children(name).first }

    func descendants(_ name: String) -> [QTINode] {
        allDescendants.filter { $0.name == name }
    }

    /// Every element below this one, depth first in document order.
    var allDescendants: [QTINode] {
        node.children.map(QTINode.init).flatMap { [$0] + $0.allDescendants }
    }

    var text: String { node.allText }
}
