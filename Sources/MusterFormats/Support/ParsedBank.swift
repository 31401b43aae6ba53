import MusterDomain

/// What a parser made of one file: the items it read and every finding about the file.
///
/// A parser never throws for bad content: it reports each problem as a ``Diagnostic`` with its
/// position and keeps going, so a trainer sees every mistake at once. Callers treat any error
/// diagnostic as a failed import.
public struct ParsedBank: Sendable, Equatable {
    /// The bank's name when the file states one (native YAML does).
    public var name: String?
    /// The bank's title when the file states one.
    public var title: LocalizedText?
    public var items: [Item]
    public var diagnostics: [Diagnostic]

    public init(
        name: String? = nil,
        title: LocalizedText? = nil,
        items: [Item] = [],
        diagnostics: [Diagnostic] = []
    ) {
        self.name = name
        self.title = title
        self.items = items
        self.diagnostics = diagnostics
    }

    /// Whether the file can be imported: no error diagnostics.
    public var isValid: Bool { diagnostics.errors.isEmpty }

    /// Adds an error at `position`.
    mutating func error(_ message: String, at position: SourcePosition) {
        diagnostics.append(Diagnostic(.error, at: position, message))
    }

    /// Adds a warning at `position`.
    mutating func warning(_ message: String, at position: SourcePosition) {
        diagnostics.append(Diagnostic(.warning, at: position, message))
    }

    /// Makes item ids unique within the file and warns about items without a topic.
    ///
    /// Formats such as GIFT allow two questions with one title; the later one is renamed
    /// `title-2` (then `-3`, …) with a warning, so every item keeps a stable, unique id.
    mutating func finishItems(file: String) {
        var used: Set<String> = []
        for index in items.indices {
            let position = items[index].source ?? SourcePosition(file: file, line: 1, column: 1)
            let original = items[index].id
            var candidate = original
            var suffix = 2
            while used.contains(candidate) {
                candidate = "\(original)-\(suffix)"
                suffix += 1
            }
            if candidate != original {
                warning("item id '\(original)' is used again; this item is imported as '\(candidate)'", at: position)
                items[index].id = candidate
            }
            used.insert(candidate)
            if items[index].topics.isEmpty, items[index].kind != .description {
                warning("item '\(candidate)' has no topic; exam blueprints cannot select it by topic", at: position)
            }
        }
    }
}

/// The formats Muster reads question banks from.
public enum BankFormat: String, Sendable, CaseIterable, Codable {
    case yaml, gift, aiken
    case moodleXML = "moodle-xml"
    case qti, csv
}
