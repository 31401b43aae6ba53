/// One question in a bank: what is asked, how it scores, and where it came from.
///
/// The item's ``kind`` carries the answer key; ``ItemScorer`` is the one function that scores a
/// response to it, wherever grading happens.
public struct Item: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier, unique within its bank (for GIFT, the `::title::`).
    public var id: String
    /// The question text shown to the candidate.
    public var prompt: LocalizedText
    /// What kind of question it is, with its key.
    public var kind: ItemKind
    /// Topic tags, such as `number-systems` or `media-relations`.
    public var topics: [String]
    /// How hard the item is meant to be.
    public var difficulty: Difficulty
    /// The marks a fully correct response earns.
    public var points: Double
    /// General feedback shown after release.
    public var feedback: LocalizedText?
    /// Where the item was read from, when it came from a file.
    public var source: SourcePosition?

    public init(
        id: String,
        prompt: LocalizedText,
        kind: ItemKind,
        topics: [String] = [],
        difficulty: Difficulty = .medium,
        points: Double = 1,
        feedback: LocalizedText? = nil,
        source: SourcePosition? = nil
    ) {
        self.id = id
        self.prompt = prompt
        self.kind = kind
        self.topics = topics
        self.difficulty = difficulty
        self.points = points
        self.feedback = feedback
        self.source = source
    }

    /// The item with its source position removed: two items with the same content compare equal
    /// whatever file they were read from.
    public var withoutSource: Item {
        var copy = self
        copy.source = nil
        return copy
    }
}

/// How hard an item is meant to be.
public enum Difficulty: String, Sendable, Hashable, Codable, CaseIterable {
    case easy, medium, hard
}
