/// What a candidate sends for one item, naming what they chose by its index on their own form
/// (the order they saw), never by text: the answer stays exact whatever language is shown.
///
/// JSON: `{"choice": 2}`, `{"choices": [0, 3]}`, `{"truth": true}`, `{"text": "…"}`,
/// `{"number": 3.5}`, `{"matches": [2, null, 0]}` (for each left prompt, the right answer's index
/// or null) or `{"order": [2, 0, 1]}` (the entries' indices in the candidate's order).
public enum CandidateAnswer: Sendable, Hashable, Codable {
    case choice(Int)
    case choices([Int])
    case truth(Bool)
    case text(String)
    case number(Double)
    case matches([Int?])
    case order([Int])

    /// The longest typed answer kept (an essay of about five pages).
    public static let maximumTextLength = 10_000

    enum Key: String, CodingKey, CaseIterable {
        case choice, choices, truth, text, number, matches, order
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let present = Key.allCases.filter { container.contains($0) }
        guard present.count == 1, let key = present.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "an answer has exactly one of \(Key.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        switch key {
        case .choice: self = .choice(try container.decode(Int.self, forKey: key))
        case .choices: self = .choices(try container.decode([Int].self, forKey: key))
        case .truth: self = .truth(try container.decode(Bool.self, forKey: key))
        case .text: self = .text(try container.decode(String.self, forKey: key))
        case .number: self = .number(try container.decode(Double.self, forKey: key))
        case .matches: self = .matches(try container.decode([Int?].self, forKey: key))
        case .order: self = .order(try container.decode([Int].self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .choice(let index): try container.encode(index, forKey: .choice)
        case .choices(let indices): try container.encode(indices, forKey: .choices)
        case .truth(let value): try container.encode(value, forKey: .truth)
        case .text(let text): try container.encode(text, forKey: .text)
        case .number(let number): try container.encode(number, forKey: .number)
        case .matches(let chosen): try container.encode(chosen, forKey: .matches)
        case .order(let indices): try container.encode(indices, forKey: .order)
        }
    }

    /// Why this answer does not fit `item` as shown at `entry`, or nil when it does.
    ///
    /// Only counts are needed (how many options, prompts or entries were shown), so nothing is
    /// built on the save path: they are the item's own, in any order.
    public func problem(for item: Item, at entry: FormEntry) -> String? {
        let shown = FormAssembler.optionCount(item.kind)
        func indices(_ values: [Int], within count: Int, distinct: Bool = true) -> String? {
            if let bad = values.first(where: { !(0..<count).contains($0) }) {
                return "index \(bad) is not one of the \(count) shown (0 to \(count - 1))"
            }
            if distinct, Set(values).count != values.count { return "an index is given twice" }
            return nil
        }
        switch (item.kind, self) {
        case (.singleChoice, .choice(let index)):
            return indices([index], within: shown)
        case (.multipleResponse, .choices(let chosen)):
            return indices(chosen, within: shown)
        case (.trueFalse, .truth):
            return nil
        case (.shortAnswer, .text(let text)), (.essay, .text(let text)):
            if text.count > Self.maximumTextLength {
                return "the answer has \(text.count) characters; at most \(Self.maximumTextLength) are kept"
            }
            // PostgreSQL cannot store U+0000 in text or JSON; no keyboard types it.
            return text.utf8.contains(0) ? "the answer contains a NUL character (U+0000), which cannot be kept" : nil
        case (.numeric, .number(let number)):
            return number.isFinite ? nil : "the number must be finite"
        case (.matching(let key), .matches(let chosen)):
            guard chosen.count == key.pairs.count else {
                return "give one entry (an index or null) for each of the \(key.pairs.count) prompts"
            }
            return indices(chosen.compactMap { $0 }, within: shown, distinct: false)
        case (.ordering, .order(let given)):
            guard given.count == shown else { return "give all \(shown) entries in your order" }
            return indices(given, within: shown)
        case (.practical, _), (.description, _):
            return "item \(entry.position) takes no answer from the candidate"
        default:
            return "item \(entry.position) is \(item.kind.name); its answer is \(Self.shape(of: item.kind))"
        }
    }

    /// The answer in the scoring function's terms: chosen texts in place of indices.
    ///
    /// Call it only on an answer without a ``problem(for:at:)``.
    public func response(for item: Item, at entry: FormEntry) -> Response? {
        let shown = CandidateItem(item, at: entry)
        func text(_ texts: [LocalizedText]?, _ index: Int) -> String? {
            guard let texts, texts.indices.contains(index) else { return nil }
            return texts[index].text()
        }
        switch self {
        case .choice(let index): return text(shown.options, index).map(Response.choice)
        case .choices(let indices): return .choices(indices.compactMap { text(shown.options, $0) })
        case .truth(let value): return .truth(value)
        case .text(let typed): return .text(typed)
        case .number(let number): return .number(number)
        case .matches(let chosen):
            var pairs: [String: String] = [:]
            for (left, right) in chosen.enumerated() {
                if let right, let leftText = text(shown.left, left), let rightText = text(shown.right, right) {
                    pairs[leftText] = rightText
                }
            }
            return .matches(pairs)
        case .order(let indices): return .order(indices.compactMap { text(shown.entries, $0) })
        }
    }

    /// The JSON shape an item kind's answer takes, for messages.
    static func shape(of kind: ItemKind) -> String {
        switch kind {
        case .singleChoice: #"{"choice": INDEX}"#
        case .multipleResponse: #"{"choices": [INDEX, …]}"#
        case .trueFalse: #"{"truth": true|false}"#
        case .shortAnswer, .essay: #"{"text": "…"}"#
        case .numeric: #"{"number": N}"#
        case .matching: #"{"matches": [INDEX|null, …]}"#
        case .ordering: #"{"order": [INDEX, …]}"#
        case .practical, .description: "none"
        }
    }
}

/// One save from a candidate: the position, their sequence number for it, the answer (nil clears
/// it) and the review flag.
public struct AnswerSubmission: Sendable, Codable, Equatable {
    public var sequence: Int64
    public var answer: CandidateAnswer?
    public var flagged: Bool?

    public init(sequence: Int64, answer: CandidateAnswer?, flagged: Bool? = nil) {
        self.sequence = sequence
        self.answer = answer
        self.flagged = flagged
    }
}
