/// The marks a response earned.
public struct Score: Sendable, Hashable, Codable {
    /// Marks earned, from 0 to ``maximum``.
    public var earned: Double
    /// The item's points.
    public var maximum: Double

    public init(earned: Double, maximum: Double) {
        self.earned = earned
        self.maximum = maximum
    }

    /// The share of the item's points earned, from 0 to 1.
    public var fraction: Double { maximum > 0 ? earned / maximum : 0 }
}

/// Scores responses to auto-scored items. This is the only implementation of scoring: imports
/// checking keys, live grading and regrading all call it.
public enum ItemScorer {
    /// Scores `response` to `item`.
    ///
    /// - Throws: ``MusterError`` (`response_shape_mismatch`) when the response is not of the shape
    ///   the item expects, or (`item_not_auto_scored`) for essays and descriptions.
    public static func score(_ item: Item, response: Response) throws -> Score {
        let fraction = try fraction(of: item, response: response)
        let clamped = min(1, max(0, fraction))
        return Score(earned: (clamped * item.points * 1_000_000).rounded() / 1_000_000, maximum: item.points)
    }

    /// The unclamped credit fraction for `response`: its texts resolved to the item's own
    /// options, pairs and entries, then scored by ``fraction(of:keyed:)``.
    static func fraction(of item: Item, response: Response) throws -> Double {
        switch (item.kind, response) {
        case (.singleChoice(let options), .choice(let chosen)):
            return fraction(of: item.kind, keyed: .choice(try optionIndex(named: chosen, in: options, item: item)))
        case (.multipleResponse(let key), .choices(let chosen)):
            let indices = try chosen.map { try optionIndex(named: $0, in: key.options, item: item) }
            return fraction(of: item.kind, keyed: .choices(BankIndices(shown: indices, order: [])))
        case (.trueFalse, .truth(let answer)):
            return fraction(of: item.kind, keyed: .truth(answer))
        case (.shortAnswer, .text(let text)):
            return fraction(of: item.kind, keyed: .text(text))
        case (.numeric, .number(let number)):
            return fraction(of: item.kind, keyed: .number(number))
        case (.matching(let key), .matches(let chosen)):
            // Each chosen pair names a prompt and an answer by text; one naming no prompt or
            // answer of the item is a wrong pair.
            let rights = key.pairs.map(\.right) + key.distractors
            var matches = [Int?](repeating: nil, count: key.pairs.count)
            var stray = 0
            for (left, right) in chosen {
                guard
                    let pair = key.pairs.indices.first(where: {
                        matches[$0] == nil && matchesAnyLanguage(left, key.pairs[$0].left)
                    }),
                    let answer = rights.firstIndex(where: { matchesAnyLanguage(right, $0) })
                else {
                    stray += 1
                    continue
                }
                matches[pair] = answer
            }
            return fraction(of: item.kind, keyed: .matches(BankMatches(shown: matches, order: []), stray: stray))
        case (.ordering(let entries, _), .order(let given)):
            // An entry in its place keeps that place's index; others any index with their text.
            let indices = given.enumerated().map { place, text in
                if entries.indices.contains(place), matchesAnyLanguage(text, entries[place]) { return place }
                return entries.firstIndex { matchesAnyLanguage(text, $0) } ?? -1
            }
            return fraction(of: item.kind, keyed: .order(BankIndices(shown: indices, order: [])))
        case (.practical(let station), .measurement(let value, let sex, let age)):
            guard let fraction = fraction(of: station, measurement: value, sex: sex, age: age) else {
                throw MusterError(
                    .invalidInput,
                    code: "no_scoring_group",
                    "Item \(item.id) has no scoring group for \(sex.rawValue) candidates aged \(age)."
                )
            }
            return fraction
        case (.essay, _), (.description, _):
            throw MusterError(
                .invalidInput,
                code: "item_not_auto_scored",
                "Item \(item.id) is \(item.kind.name == "essay" ? "an essay marked by a trainer" : "a description with no answer")."
            )
        default:
            throw MusterError(
                .invalidInput,
                code: "response_shape_mismatch",
                "Item \(item.id) is \(item.kind.name) and expects \(expectedShape(item.kind)), not \(response.shapeName)."
            )
        }
    }

    /// The credit fraction, from 0 to 1, of a candidate's `answer` to `item` as shown at `entry`
    /// (indices in the candidate's order, mapped through the entry's option order); nil when
    /// the answer does not fit the item. The live path of ``fraction(of:keyed:)``: no text is
    /// compared and nothing is built; indices are mapped as they are read.
    public static func fraction(of item: Item, answer: CandidateAnswer, at entry: FormEntry) -> Double? {
        fraction(of: item.kind, answer: answer, at: entry)
    }

    /// A practical station's credit fraction for a measurement, in the group for the officer's
    /// sex and age; nil when the table has no such group.
    public static func fraction(of station: PracticalStation, measurement value: Double, sex: Sex, age: Int) -> Double?
    {
        guard let group = station.table.group(for: sex, age: age) else { return nil }
        let maximum = station.table.maximumPoints
        return maximum > 0 ? station.table.points(for: value, in: group) / maximum : 0
    }

    /// The credit fraction, from 0 to 1, of a candidate's answer to an item of `kind`; nil when
    /// the answer does not fit it. See ``fraction(of:answer:at:)-(Item,_,_)``.
    public static func fraction(of kind: ItemKind, answer: CandidateAnswer, at entry: FormEntry) -> Double? {
        fraction(of: kind, answer: answer, optionOrder: entry.optionOrder)
    }

    /// The same, with the form entry's option order alone (grading's loop passes no more).
    static func fraction(of kind: ItemKind, answer: CandidateAnswer, optionOrder: [Int]) -> Double? {
        let count = FormAssembler.optionCount(kind)
        let order = optionOrder.count == count ? optionOrder : []
        func bank(_ shown: Int) -> Int? {
            guard shown >= 0, shown < count else { return nil }
            return order.isEmpty ? shown : order[shown]
        }
        func fits(_ shown: [Int]) -> Bool { shown.allSatisfy { $0 >= 0 && $0 < count } }
        let keyed: KeyedResponse
        switch (kind, answer) {
        case (.singleChoice, .choice(let shown)):
            guard let index = bank(shown) else { return nil }
            keyed = .choice(index)
        case (.multipleResponse, .choices(let shown)):
            guard fits(shown) else { return nil }
            keyed = .choices(BankIndices(shown: shown, order: order))
        case (.trueFalse, .truth(let value)): keyed = .truth(value)
        case (.shortAnswer, .text(let text)): keyed = .text(text)
        case (.numeric, .number(let number)): keyed = .number(number)
        case (.matching(let key), .matches(let shown)):
            guard shown.count == key.pairs.count, shown.allSatisfy({ $0.map { $0 >= 0 && $0 < count } ?? true })
            else { return nil }
            keyed = .matches(BankMatches(shown: shown, order: order), stray: 0)
        case (.ordering, .order(let shown)):
            guard fits(shown) else { return nil }
            keyed = .order(BankIndices(shown: shown, order: order))
        default: return nil
        }
        return min(1, max(0, fraction(of: kind, keyed: keyed)))
    }

    /// An answer in the item's own terms: options, prompts and entries by their index as stored.
    enum KeyedResponse {
        case choice(Int)
        case choices(BankIndices)
        case truth(Bool)
        case text(String)
        case number(Double)
        /// For each pair (in stored order) the chosen answer's index among the pairs' answers
        /// then the distractors, or nil; `stray` counts chosen pairs that name no prompt.
        case matches(BankMatches, stray: Int)
        /// Entry indices in the candidate's order (-1: no entry of the item).
        case order(BankIndices)
    }

    /// Indices as the candidate saw them, read in the bank's order through the form's option
    /// order (none: as shown), without building a copy. Negative indices stay as they are.
    struct BankIndices: RandomAccessCollection {
        let shown: [Int]
        let order: [Int]

        var startIndex: Int { 0 }
        var endIndex: Int { shown.count }

        subscript(position: Int) -> Int {
            let index = shown[position]
            return order.isEmpty || index < 0 || index >= order.count ? index : order[index]
        }
    }

    /// Chosen answers per pair as the candidate saw them (nil: none chosen), read in the bank's
    /// order like ``BankIndices``.
    struct BankMatches: RandomAccessCollection {
        let shown: [Int?]
        let order: [Int]

        var startIndex: Int { 0 }
        var endIndex: Int { shown.count }

        subscript(position: Int) -> Int? {
            guard let index = shown[position] else { return nil }
            return order.isEmpty || index < 0 || index >= order.count ? index : order[index]
        }
    }

    /// The one scoring rule per kind, on indices: the unclamped credit fraction.
    static func fraction(of kind: ItemKind, keyed: KeyedResponse) -> Double {
        switch (kind, keyed) {
        case (.singleChoice(let options), .choice(let index)):
            return options.indices.contains(index) ? options[index].fraction : 0
        case (.multipleResponse(let key), .choices(let indices)):
            // Each option counts once however often it is named: a bit per option (an array
            // past 64 options).
            let count = key.options.count
            var mask: UInt64 = 0
            var wide: [Bool] = count > 64 ? [Bool](repeating: false, count: count) : []
            for index in indices where index >= 0 && index < count {
                if count > 64 { wide[index] = true } else { mask |= 1 << UInt64(index) }
            }
            func chosen(_ index: Int) -> Bool { count > 64 ? wide[index] : mask & (1 << UInt64(index)) != 0 }
            switch key.rule {
            case .sumOfWeights:
                var sum = 0.0
                for (index, option) in key.options.enumerated() where chosen(index) { sum += option.fraction }
                return sum
            case .allOrNothing:
                return key.options.indices.allSatisfy { chosen($0) == (key.options[$0].fraction > 0) } ? 1 : 0
            }
        case (.trueFalse(let key), .truth(let answer)):
            return key.answer == answer ? 1 : 0
        case (.shortAnswer(let key), .text(let text)):
            // An empty answer never earns credit, whatever the key says. The answer is
            // normalised once per letter-case rule, not once per key answer.
            let folded = TextNormalization.normalize(text)
            guard !folded.isEmpty else { return 0 }
            var exact: String?
            var best: Double?
            for answer in key.answers {
                let caseSensitive = answer.caseSensitive ?? key.caseSensitive
                if caseSensitive, exact == nil { exact = TextNormalization.normalize(text, caseSensitive: true) }
                let given = caseSensitive ? exact ?? folded : folded
                if TextNormalization.normalizes(answer.text, to: given, caseSensitive: caseSensitive) {
                    best = max(best ?? answer.fraction, answer.fraction)
                }
            }
            return best ?? 0
        case (.numeric(let answers), .number(let number)):
            return answers.filter { $0.accepts(number) }.map(\.fraction).max() ?? 0
        case (.matching(let key), .matches(let matches, let stray)):
            guard !key.pairs.isEmpty else { return 0 }
            let rightCount = key.pairs.count + key.distractors.count
            var correctCredit = 0.0
            var correct = 0
            var given = stray
            for (pair, chosen) in zip(key.pairs.indices, matches) {
                guard let chosen, chosen >= 0, chosen < rightCount else { continue }
                given += 1
                // An answer with the same text as the pair's own is as right as it.
                let right =
                    chosen < key.pairs.count ? key.pairs[chosen].right : key.distractors[chosen - key.pairs.count]
                if chosen == pair || right == key.pairs[pair].right {
                    correct += 1
                    correctCredit += key.pairs[pair].credit ?? 1
                }
            }
            if key.scoring == .allOrNothing { return correct == key.pairs.count && given == correct ? 1 : 0 }
            let total = key.pairs.reduce(0) { $0 + ($1.credit ?? 1) }
            return total > 0 ? correctCredit / total : 0
        case (.ordering(let entries, let scoring), .order(let given)):
            guard !entries.isEmpty else { return 0 }
            var inPlace = 0
            for (place, index) in given.enumerated() where place < entries.count && index >= 0 && index < entries.count
            {
                if index == place || entries[index] == entries[place] { inPlace += 1 }
            }
            if scoring == .allOrNothing { return inPlace == entries.count && given.count == entries.count ? 1 : 0 }
            return Double(inPlace) / Double(entries.count)
        default:
            return 0
        }
    }

    /// The response shape an item kind expects, for error messages.
    public static func expectedShape(_ kind: ItemKind) -> String {
        switch kind {
        case .singleChoice: Response.choice("").shapeName
        case .multipleResponse: Response.choices([]).shapeName
        case .trueFalse: Response.truth(true).shapeName
        case .shortAnswer, .essay: Response.text("").shapeName
        case .numeric: Response.number(0).shapeName
        case .matching: Response.matches([:]).shapeName
        case .ordering: Response.order([]).shapeName
        case .practical: Response.measurement(0, sex: .male, age: 0).shapeName
        case .description: "no response"
        }
    }

    static func matchesAnyLanguage(_ text: String, _ candidate: LocalizedText) -> Bool {
        candidate.translations.values.contains { TextNormalization.matches($0, text) }
    }

    static func optionIndex(named text: String, in options: [ChoiceOption], item: Item) throws -> Int {
        guard let index = options.firstIndex(where: { matchesAnyLanguage(text, $0.text) }) else {
            throw MusterError(
                .invalidInput,
                code: "unknown_option",
                "Item \(item.id) has no option '\(text)'."
            )
        }
        return index
    }

    static func option(named text: String, in options: [ChoiceOption], item: Item) throws -> ChoiceOption {
        options[try optionIndex(named: text, in: options, item: item)]
    }
}
