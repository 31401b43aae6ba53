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
        // XML itself reads every line break as a line feed; doing it first keeps positions right.
        let text = LineEndings.normalized(text)
        let delegate = Delegate(text: text)
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        if parsed, delegate.firstError == nil, let problem = delegate.structuralProblem {
            bank.error(
                "the file is not well-formed XML (\(problem.message))",
                at: SourcePosition(file: file, line: problem.line, column: problem.column))
            return nil
        }
        guard parsed, delegate.firstError == nil, let root = delegate.root else {
            // The position where the parser first objected; after it gives up, its own position
            // may be past the end of the file.
            let error = delegate.firstError
            let code = error?.code ?? (parser.parserError as NSError?)?.code ?? 0
            let line = min(max(error?.line ?? parser.lineNumber, 1), max(delegate.lines.count, 1))
            bank.error(
                "the file is not well-formed XML: \(Self.describe(code: code, in: text))",
                at: SourcePosition(file: file, line: line, column: max(error?.column ?? parser.columnNumber, 1))
            )
            return nil
        }
        return root
    }

    /// A parser error code (libxml2's numbering, which Foundation passes on) in words a trainer
    /// understands.
    static func describe(code: Int, in text: String) -> String {
        switch code {
        case 26, 27:
            let known = ["amp", "lt", "gt", "quot", "apos"]
            let entity = text.matches(of: /&([A-Za-z][A-Za-z0-9]*);/).map { String($0.1) }.first { !known.contains($0) }
            guard let entity else { return "an undefined entity" }
            return
                "undefined entity '&\(entity);' (XML knows only &amp; &lt; &gt; &quot; &apos; and numeric ones such as &#160;)"
        case 22: return "'&' that does not start an entity (write &amp;)"
        case 23: return "an entity reference without its ';'"
        case 41: return "an attribute without a value"
        case 39, 40: return "an attribute value without quotes"
        case 42: return "an attribute given twice"
        case 38: return "'<' inside an attribute value (write &lt;)"
        case 65: return "a space is missing between attributes, or an attribute has no value"
        case 76: return "a closing tag does not match the open element"
        case 73, 77: return "a tag is not closed with '>'"
        case 5, 72: return "the document ends before its elements are closed"
        case 4, 3: return "the file holds no XML element"
        case 8, 9: return "a character XML does not allow"
        case 68: return "a tag or attribute without a name"
        case 45: return "a comment that is never closed with -->"
        default: return "parser error \(code)"
        }
    }

    final class Delegate: NSObject, XMLParserDelegate {
        var root: XMLElementNode?
        var stack: [XMLElementNode] = []
        /// The document's lines, to find where each start tag begins.
        let lines: [Substring]

        init(text: String) {
            lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        }

        /// Where `<name` starts, searching back from where the parser reports the tag (it reports
        /// the tag's end, which for a tag written over several lines is a later line).
        func start(of name: String, reportedLine: Int, reportedColumn: Int) -> (line: Int, column: Int) {
            var line = min(max(reportedLine, 1), max(lines.count, 1))
            var limit = reportedColumn
            while line >= 1, line <= lines.count {
                let characters = Array(lines[line - 1])
                let needle = Array("<" + name)
                var index = min(limit, characters.count) - needle.count
                while index >= 0 {
                    if Array(characters[index..<(index + needle.count)]) == needle {
                        return (line, index + 1)
                    }
                    index -= 1
                }
                line -= 1
                limit = Int.max
            }
            return (max(reportedLine, 1), max(reportedColumn, 1))
        }

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let start = start(of: elementName, reportedLine: parser.lineNumber, reportedColumn: parser.columnNumber)
            let node = XMLElementNode(name: elementName, attributes: attributes, line: start.line, column: start.column)
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

        /// Where and why the parser first objected.
        var firstError: (code: Int, line: Int, column: Int)?

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            guard firstError == nil else { return }
            firstError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber)
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
