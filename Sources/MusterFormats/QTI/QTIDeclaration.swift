import MusterDomain

/// A QTI response declaration: its correct response and its mapping, as the spec defines them.
struct QTIDeclaration {
    /// One `mapEntry`: a key, the value it maps to, and whether the key's case must match.
    struct Entry {
        var key: String
        var value: Double
        /// QTI 2.1 requires the attribute and 3.0 defaults it to true: keys match case-sensitively
        /// unless `caseSensitive="false"` says otherwise.
        var caseSensitive: Bool
        var position: SourcePosition
    }

    var identifier: String
    var cardinality: String
    var baseType: String
    var correct: [String]
    var entries: [Entry]
    var hasMapping: Bool
    var defaultValue: Double
    var lowerBound: Double?
    var upperBound: Double?
    var position: SourcePosition

    /// Entries that could not be read (no key, or a value that is not a finite number).
    var unreadable: [SourcePosition]

    /// A finite decimal number, or nil (no `nan`, `inf` or hex forms).
    static func number(_ text: String?) -> Double? {
        guard let text = text?.trimmingCharacters(in: .whitespaces),
            text.wholeMatch(of: /[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?/) != nil,
            let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    /// Reads the declaration of `identifier` in `item`, if there is one.
    init?(_ identifier: String, in item: QTINode, file: String) {
        guard
            let node = item.children("responseDeclaration").first(where: { $0.attribute("identifier") == identifier })
        else { return nil }
        self.identifier = identifier
        cardinality = node.attribute("cardinality") ?? "single"
        baseType = node.attribute("baseType") ?? "identifier"
        correct = node.child("correctResponse")?.children("value").map { $0.text } ?? []
        let mapping = node.child("mapping")
        hasMapping = mapping != nil
        var unreadable: [SourcePosition] = []
        entries = (mapping?.children("mapEntry") ?? []).compactMap { entry in
            guard let key = entry.attribute("mapKey"), let value = Self.number(entry.attribute("mappedValue")) else {
                unreadable.append(entry.node.position(file: file))
                return nil
            }
            let sensitivity = entry.attribute("caseSensitive")?.trimmingCharacters(in: .whitespaces)
            return Entry(
                key: key, value: value, caseSensitive: sensitivity != "false" && sensitivity != "0",
                position: entry.node.position(file: file))
        }
        self.unreadable = unreadable
        defaultValue = Self.number(mapping?.attribute("defaultValue")) ?? 0
        lowerBound = Self.number(mapping?.attribute("lowerBound"))
        upperBound = Self.number(mapping?.attribute("upperBound"))
        position = node.node.position(file: file)
    }

    /// The mapped value of `key` (exact key match), or the default.
    func value(of key: String) -> Double {
        entries.first { $0.key == key }?.value ?? defaultValue
    }
}
