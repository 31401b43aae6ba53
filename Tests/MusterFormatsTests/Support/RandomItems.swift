import MusterDomain

/// Builds random but valid items, for round-trip properties.
struct RandomItems<Generator: RandomNumberGenerator> {
    var random: Generator
    /// Only what GIFT can express: one language, at most one topic, default points.
    var giftOnly: Bool

    static var words: [String] {
        [
            "警察", "公共关系", "二进制", "Grant's", "tomb", "a=b", "x~y", "#tag", "{brace}", "colon:",
            "back\\slash", "ＡＢＣ１２３", "multi  space", "line\nbreak", "\"quoted\"", "50%", "->", "percent %",
            "tab\there", "emoji 🚓", "café",
        ]
    }

    mutating func text() -> String {
        // GIFT has no escape for "->", so matching pairs containing it cannot be written there.
        let words = giftOnly ? Self.words.filter { $0 != "->" } : Self.words
        return (0..<Int.random(in: 1...4, using: &random)).map { _ in words.randomElement(using: &random)! }
            .joined(separator: " ")
    }

    mutating func localized() -> LocalizedText {
        if giftOnly || Bool.random(using: &random) { return LocalizedText(text()) }
        return LocalizedText(["zh-CN": text(), "en": text()])
    }

    mutating func maybeFeedback() -> LocalizedText? {
        Bool.random(using: &random) ? localized() : nil
    }

    mutating func fraction() -> Double {
        [0, 0.5, 0.25, -0.5, 0.75, 0.2, 0.1, -1, 0.3].randomElement(using: &random)!
    }

    mutating func number() -> Double {
        [0, 1, -2.5, 3.1415, 1822, 0.001, 1e6, 42].randomElement(using: &random)!
    }

    mutating func options(count: Int, correct: Int?) -> [ChoiceOption] {
        (0..<count).map { index in
            ChoiceOption(
                text: localized(),
                fraction: index == correct ? 1 : (correct == nil ? fraction() : min(fraction(), 0.75)),
                feedback: maybeFeedback()
            )
        }
    }

    mutating func kind() -> ItemKind {
        let choices = giftOnly ? 8 : 10
        switch Int.random(in: 0..<choices, using: &random) {
        case 0:
            let count = Int.random(in: 2...5, using: &random)
            let correct = Int.random(in: 0..<count, using: &random)
            var options = options(count: count, correct: correct)
            // Several right answers, as Moodle reads several '=' beside a '~'.
            if count >= 3, Bool.random(using: &random) { options[(correct + 1) % count].fraction = 1 }
            return .singleChoice(options)
        case 1:
            var options = options(count: Int.random(in: 2...5, using: &random), correct: nil)
            options[0].fraction = 0.5
            let rule: MultipleResponseKey.Rule =
                giftOnly ? .sumOfWeights : [.sumOfWeights, .allOrNothing].randomElement(using: &random)!
            return .multipleResponse(MultipleResponseKey(options: options, rule: rule))
        case 2:
            return .trueFalse(
                TrueFalseKey(
                    answer: Bool.random(using: &random), feedbackIfTrue: maybeFeedback(),
                    feedbackIfFalse: maybeFeedback())
            )
        case 3:
            let answers = (0..<Int.random(in: 1...3, using: &random)).map { index in
                ShortAnswerKey.Answer(
                    text: text(), fraction: index == 0 ? 1 : 0.5, feedback: maybeFeedback(),
                    caseSensitive: giftOnly ? nil : [nil, true, false].randomElement(using: &random)!)
            }
            return .shortAnswer(
                ShortAnswerKey(answers: answers, caseSensitive: giftOnly ? false : Bool.random(using: &random)))
        case 4:
            let answers = (0..<Int.random(in: 1...3, using: &random)).map { index -> NumericAnswer in
                let first = number()
                let accepts: NumericAnswer.Accepts =
                    Bool.random(using: &random)
                    ? .value(first, tolerance: [0, 0.5, 0.01].randomElement(using: &random)!)
                    : .range(minimum: first, maximum: first + 10)
                return NumericAnswer(accepts, fraction: index == 0 ? 1 : 0.5, feedback: maybeFeedback())
            }
            return .numeric(answers)
        case 5:
            let pairs = (0..<Int.random(in: 2...4, using: &random)).map { _ in
                MatchingKey.Pair(
                    left: localized(), right: localized(),
                    credit: giftOnly ? nil : [nil, 0.5, 2].randomElement(using: &random)!)
            }
            let scoring: MatchScoring? = giftOnly ? nil : [nil, .perPair, .allOrNothing].randomElement(using: &random)!
            return .matching(
                MatchingKey(
                    pairs: pairs, distractors: Bool.random(using: &random) ? [localized()] : [], scoring: scoring))
        case 6:
            return .essay(nil)
        case 7:
            return .description
        case 8:
            let scoring: OrderScoring? = [nil, .perPosition, .allOrNothing].randomElement(using: &random)!
            return .ordering((0..<Int.random(in: 2...5, using: &random)).map { _ in localized() }, scoring: scoring)
        default:
            let rubric = Rubric(criteria: [
                Rubric.Criterion(
                    name: localized(),
                    levels: [Rubric.Level(label: localized(), points: 0), Rubric.Level(label: localized(), points: 5)]
                )
            ])
            return Bool.random(using: &random) ? .essay(rubric) : .practical(station())
        }
    }

    mutating func station() -> PracticalStation {
        PracticalStation(
            measurement: .time,
            unit: "s",
            table: ScoringTable(
                direction: .lowerIsBetter,
                groups: [
                    ScoringTable.Group(
                        sex: .male,
                        minimumAge: 18,
                        maximumAge: 25,
                        bands: [.init(threshold: 11.6, points: 60), .init(threshold: 10.5, points: 100)],
                        placeholder: Bool.random(using: &random)
                    )
                ]
            )
        )
    }

    mutating func item(index: Int) -> Item {
        let kind = kind()
        let topicCount = giftOnly ? Int.random(in: 0...1, using: &random) : Int.random(in: 0...2, using: &random)
        return Item(
            id: "item-\(index) \(text())",
            prompt: localized(),
            kind: kind,
            topics: (0..<topicCount).map { _ in
                ["number-systems", "media relations", "射击"].randomElement(using: &random)!
            },
            difficulty: giftOnly ? .medium : Difficulty.allCases.randomElement(using: &random)!,
            points: giftOnly || kind == .description
                ? (kind == .description ? 0 : 1) : [1, 2, 0.5].randomElement(using: &random)!,
            // GIFT keeps general feedback (after '####') for every kind but descriptions.
            feedback: giftOnly && kind == .description ? nil : maybeFeedback()
        )
    }

    mutating func items() -> [Item] {
        (0..<Int.random(in: 1...8, using: &random)).map { item(index: $0) }
    }
}
