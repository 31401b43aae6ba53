import Foundation
import MusterDomain
import Yams

/// Reads typed values out of a composed YAML tree, recording a positioned diagnostic for every
/// value that is missing or of the wrong type.
struct YAMLNodeReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    /// A composed file's root and its top-level fields.
    struct Document {
        var root: Node
        var fields: [String: Node]
    }

    /// Composes `text` (any line endings) and reads its top-level mapping against `allowed`.
    /// The document is nil when the file is not YAML, is empty or is not a mapping; the reader
    /// then holds the reason, at its position.
    static func open(
        _ text: String, file: String, allowed: [String], context: String
    ) -> (reader: YAMLNodeReader, document: Document?) {
        var reader = YAMLNodeReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: LineEndings.normalized(text))
        } catch let error as YamlError {
            reader.diagnostics.append(
                Diagnostic(.error, at: YAMLBankReader.position(of: error, file: file), YAMLBankReader.describe(error)))
            return (reader, nil)
        } catch {
            reader.error("the file is not valid YAML", at: nil)
            return (reader, nil)
        }
        guard let root else {
            reader.error("the file is empty", at: nil)
            return (reader, nil)
        }
        guard let fields = reader.fields(of: root, allowed: allowed, context: context) else { return (reader, nil) }
        return (reader, Document(root: root, fields: fields))
    }

    func position(_ node: Node?) -> SourcePosition {
        SourcePosition(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    mutating func error(_ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.error, at: position(node), message))
    }

    /// The mapping's entries keyed by their string keys, reporting keys outside `allowed`.
    mutating func fields(of node: Node, allowed: [String], context: String) -> [String: Node]? {
        guard let mapping = node.mapping else {
            error("\(context) must be a mapping of fields", at: node)
            return nil
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if allowed.contains(name) {
                fields[name] = value
            } else {
                error(
                    "unknown field '\(name)' in \(context); expected one of: \(allowed.joined(separator: ", "))",
                    at: key)
            }
        }
        return fields
    }

    /// A required string field.
    mutating func requiredString(_ fields: [String: Node], _ name: String, in owner: Node, context: String) -> String? {
        guard let node = fields[name] else {
            error("\(context) is missing '\(name)'", at: owner)
            return nil
        }
        return string(node, field: name)
    }

    /// A required code field: lowercase letters, digits and dashes, at most 64 (track, exam,
    /// module, certificate and bank codes); "" when missing.
    mutating func code(_ fields: [String: Node], _ name: String, in owner: Node, context: String) -> String {
        let code = requiredString(fields, name, in: owner, context: context) ?? ""
        if !code.isEmpty, code.range(of: #"^[a-z0-9][a-z0-9-]{0,63}$"#, options: .regularExpression) == nil {
            error("\(name) '\(code)' must be lowercase letters, digits and dashes", at: fields[name])
        }
        return code
    }

    /// A scalar read as a string.
    mutating func string(_ node: Node, field: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error("'\(field)' must be text", at: node)
            return nil
        }
        return scalar.string
    }

    /// A number; `3,14` gets a hint to use a dot.
    mutating func number(_ node: Node, field: String) -> Double? {
        guard case .scalar(let scalar) = node else {
            error("'\(field)' must be a number", at: node)
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if let value = Double(text), value.isFinite { return value }
        if text.contains(","), Double(text.replacingOccurrences(of: ",", with: ".")) != nil {
            error("'\(field)' value '\(text)' is not a number; use a dot for decimals", at: node)
        } else {
            error("'\(field)' value '\(text)' is not a number", at: node)
        }
        return nil
    }

    mutating func bool(_ node: Node, field: String) -> Bool? {
        guard case .scalar(let scalar) = node, let value = Bool(scalar.string.lowercased()) else {
            error("'\(field)' must be true or false", at: node)
            return nil
        }
        return value
    }

    mutating func sequence(_ node: Node, field: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error("'\(field)' must be a list", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// Text in one language (a plain string) or several (a mapping of language tag to text).
    mutating func localized(_ node: Node, field: String) -> LocalizedText? {
        switch node {
        case .scalar(let scalar):
            guard !scalar.string.isEmpty else {
                error("'\(field)' must not be empty", at: node)
                return nil
            }
            return LocalizedText(scalar.string)
        case .mapping(let mapping):
            var translations: [String: String] = [:]
            for (key, value) in mapping {
                guard let language = key.string, Self.isLanguageTag(language) else {
                    error("'\(key.string ?? "")' in '\(field)' is not a language tag such as zh-CN or en", at: key)
                    continue
                }
                guard let text = string(value, field: "\(field).\(language)") else { continue }
                translations[language] = text
            }
            guard !translations.isEmpty else {
                error("'\(field)' has no text in any language", at: node)
                return nil
            }
            return LocalizedText(translations)
        default:
            error("'\(field)' must be text or a mapping of language to text", at: node)
            return nil
        }
    }

    static func isLanguageTag(_ text: String) -> Bool {
        text.range(of: #"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#, options: .regularExpression) != nil
    }
}
