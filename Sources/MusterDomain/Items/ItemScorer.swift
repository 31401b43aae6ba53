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

    /// The unclamped credit fraction for `response`.
    static func fraction(of item: Item, response: Response) throws -> Double {
        switch (item.kind, response) {
        case (.singleChoice(let options), .choice(let chosen)):
            return try option(named: chosen, in: options, item: item).fraction
        case (.multipleResponse(let key), .choices(let chosen)):
            let indices = Set(try chosen.map { try optionIndex(named: $0, in: key.options, item: item) })
            switch key.rule {
            case .sumOfWeights:
                return indices.map { key.options[$0].fraction }.reduce(0, +)
            case .allOrNothing:
                let correct = Set(key.options.indices.filter { key.options[$0].fraction > 0 })
                return indices == correct ? 1 : 0
            }
        case (.trueFalse(let key), .truth(let answer)):
            return key.answer == answer ? 1 : 0
        case (.shortAnswer(let key), .text(let text)):
            // An empty answer never earns credit, whatever the key says.
            guard !TextNormalization.normalize(text).isEmpty else { return 0 }
            return key.answers.filter {
                TextNormalization.matches($0.text, text, caseSensitive: $0.caseSensitive ?? key.caseSensitive)
            }
            .map(\.fraction).max() ?? 0
        case (.numeric(let answers), .number(let number)):
            return answers.filter { $0.accepts(number) }.map(\.fraction).max() ?? 0
        case (.matching(let key), .matches(let chosen)):
            guard !key.pairs.isEmpty else { return 0 }
            let correct = key.pairs.filter { pair in
                chosen.contains { left, right in
                    matchesAnyLanguage(left, pair.left) && matchesAnyLanguage(right, pair.right)
                }
            }
            if key.scoring == .allOrNothing {
                let wrong = chosen.count - correct.count
                return correct.count == key.pairs.count && wrong == 0 ? 1 : 0
            }
            let total = key.pairs.map { $0.credit ?? 1 }.reduce(0, +)
            return total > 0 ? correct.map { $0.credit ?? 1 }.reduce(0, +) / total : 0
        case (.ordering(let entries, let scoring), .order(let given)):
            guard !entries.isEmpty else { return 0 }
            let inPlace = zip(entries, given).filter { matchesAnyLanguage($1, $0) }.count
            if scoring == .allOrNothing { return inPlace == entries.count && given.count == entries.count ? 1 : 0 }
            return Double(inPlace) / Double(entries.count)
        case (.practical(let station), .measurement(let value, let sex, let age)):
            guard let group = station.table.group(for: sex, age: age) else {
                throw MusterError(
                    .invalidInput,
                    code: "no_scoring_group",
                    "Item \(item.id) has no scoring group for \(sex.rawValue) candidates aged \(age)."
                )
            }
            let maximum = station.table.maximumPoints
            return maximum > 0 ? station.table.points(for: value, in: group) / maximum : 0
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
