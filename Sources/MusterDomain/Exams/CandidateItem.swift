/// One item as a candidate sees it on their form: the prompt and what can be chosen, in the order
/// this candidate sees it, and nothing that scores: no key, fraction, tolerance, credit, feedback
/// or scoring table.
///
/// The marks the item carries on this exam are shown, as on a printed paper.
public struct CandidateItem: Sendable, Hashable, Codable {
    public var position: Int
    public var section: String
    /// The item kind's name (`single-choice`, `matching`, …), which decides the answer's shape.
    public var kind: String
    public var prompt: LocalizedText
    public var points: Double
    /// Choice items: the options in this candidate's order (answers name them by index).
    public var options: [LocalizedText]?
    /// Matching items: the prompts on the left, in the bank's order.
    public var left: [LocalizedText]?
    /// Matching items: the answers on the right in this candidate's order, distractors mixed in.
    public var right: [LocalizedText]?
    /// Ordering items: the entries in this candidate's (shuffled) starting order.
    public var entries: [LocalizedText]?

    /// The candidate's view of `item` at `entry` on their form.
    public init(_ item: Item, at entry: FormEntry) {
        position = entry.position
        section = entry.section
        kind = item.kind.name
        prompt = item.prompt
        points = entry.points
        switch item.kind {
        case .singleChoice(let choices):
            options = Self.ordered(choices.map(\.text), entry.optionOrder)
        case .multipleResponse(let key):
            options = Self.ordered(key.options.map(\.text), entry.optionOrder)
        case .matching(let key):
            left = key.pairs.map(\.left)
            right = Self.ordered(key.pairs.map(\.right) + key.distractors, entry.optionOrder)
        case .ordering(let all, _):
            entries = Self.ordered(all, entry.optionOrder)
        case .trueFalse, .shortAnswer, .numeric, .essay, .practical, .description:
            break
        }
    }

    /// `texts` in the form's order (as stored when the order is empty or does not fit).
    static func ordered(_ texts: [LocalizedText], _ order: [Int]) -> [LocalizedText] {
        guard order.count == texts.count, order.allSatisfy(texts.indices.contains) else { return texts }
        return order.map { texts[$0] }
    }
}
