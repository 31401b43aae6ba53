import Foundation
import MusterDomain

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element with the position where it starts, for formats that report positions.
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    let line: Int
    let column: Int
    var children: [XMLElementNode] = []
    /// The text directly inside this element, in order, CDATA included.
    var text = ""
    /// Text and child elements in document order, for rendering mixed content.
    var content: [Content] = []

    /// One piece of mixed content.
    enum Content {
        case text(String)
        case element(XMLElementNode)
    }

    init(name: String, attributes: [String: String], line: Int, column: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.column = column
    }

    /// The first child named `name`.
    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// Every child named `name`.
    func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// Every descendant (depth first) named `name`.
    func descendants(_ name: String) -> [XMLElementNode] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(name) }
    }

    /// All text inside the element and its descendants, whitespace folded.
    var allText: String {
        func collect(_ node: XMLElementNode) -> String {
            node.content.map { piece in
                switch piece {
                case .text(let text): text
                case .element(let element): collect(element)
                }
            }.joined()
        }
        return collect(self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func position(file: String) -> SourcePosition { SourcePosition(file: file, line: line, column: column) }
}

/// Builds an ``XMLElementNode`` tree with Foundation's streaming parser.
enum XMLTreeBuilder {
    /// The document's root element; when the text is not well-formed XML, nil and an error in `bank`.
    static func parse(_ text: String, file: String, into bank: inout ParsedBank) -> XMLElementNode? {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        if parsed, let problem = delegate.structuralProblem {
            bank.error(
                "the file is not well-formed XML (\(problem.message))",
                at: SourcePosition(file: file, line: problem.line, column: problem.column))
            return nil
        }
        guard parsed, let root = delegate.root else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unexpected end of document"
            bank.error(
                "the file is not well-formed XML (\(reason))",
                at: SourcePosition(file: file, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
            )
            return nil
        }
        return root
    }

    final class Delegate: NSObject, XMLParserDelegate {
        var root: XMLElementNode?
        var stack: [XMLElementNode] = []

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let node = XMLElementNode(
                name: elementName,
                attributes: attributes,
                line: parser.lineNumber,
                column: max(parser.columnNumber, 1)
            )
            if let parent = stack.last {
                parent.children.append(node)
                parent.content.append(.element(node))
            } else if root == nil {
                root = node
            }
            stack.append(node)
        }

        /// A nesting error the platform parser let through, such as `</quiz>` closing `<question>`.
        var structuralProblem: (message: String, line: Int, column: Int)?

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            guard let open = stack.popLast() else { return }
            if open.name != elementName, structuralProblem == nil {
                structuralProblem = (
                    "</\(elementName)> closes <\(open.name)> opened on line \(open.line)",
                    parser.lineNumber, max(parser.columnNumber, 1)
                )
            }
        }

        func parserDidEndDocument(_ parser: XMLParser) {
            if let open = stack.last, structuralProblem == nil {
                structuralProblem = ("<\(open.name)> is never closed", open.line, open.column)
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
            stack.last?.content.append(.text(string))
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            let string = String(decoding: CDATABlock, as: UTF8.self)
            stack.last?.text += string
            stack.last?.content.append(.text(string))
        }
    }
}
