import Foundation
import MusterDomain
import Yams

/// Reads Muster's native YAML bank format (documented in `docs/bank-format.md`, with a JSON
/// Schema in `docs/bank.schema.json`).
public struct YAMLBankReader: Sendable {
    public init() {}

    static let bankFields = ["bank", "title", "items"]

    /// Parses `text`, read from `file`.
    public func parse(_ text: String, file: String) -> ParsedBank {
        var bank = ParsedBank()
        var (reader, document) = YAMLNodeReader.open(
            text, file: file, allowed: Self.bankFields, context: "the bank file")
        guard let document else {
            bank.diagnostics += reader.diagnostics
            return bank
        }
        let (root, fields) = (document.root, document.fields)
        if let name = fields["bank"].flatMap({ reader.string($0, field: "bank") }) {
            if name.range(of: #"^[a-z0-9][a-z0-9-]{0,63}$"#, options: .regularExpression) == nil {
                reader.error("bank name '\(name)' must be lowercase letters, digits and dashes", at: fields["bank"])
            }
            bank.name = name
        }
        bank.title = fields["title"].flatMap { reader.localized($0, field: "title") }
        if let itemsNode = fields["items"], let nodes = reader.sequence(itemsNode, field: "items") {
            var itemReader = YAMLItemReader(reader: reader)
            bank.items = nodes.compactMap { itemReader.item($0) }
            reader = itemReader.reader
        } else if fields["items"] == nil {
            reader.error("the bank file is missing 'items'", at: root)
        }
        bank.diagnostics += reader.diagnostics
        bank.finishItems(file: file)
        return bank
    }

    static func position(of error: YamlError, file: String) -> SourcePosition {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourcePosition(file: file, line: mark.line, column: mark.column)
        default:
            return SourcePosition(file: file, line: 1, column: 1)
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return "the file is not valid YAML: \(problem)"
        case .reader(let problem, _, _, _):
            return "the file cannot be read as text: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "a mapping repeats the key(s) \(duplicates.joined(separator: ", "))"
        default:
            return "the file is not valid YAML"
        }
    }
}
