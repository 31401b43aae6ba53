import MusterDomain

/// Turns one interaction's declaration and scoring into a Muster key with the same semantics as
/// QTI's: match_correct is all or nothing for every cardinality; map_response sums the mapped
/// values of the response (each once), bounded, over the best total the mapping allows.
struct QTIKeyReader {
    let interaction: QTINode
    let declaration: QTIDeclaration
    let scoring: QTIScoring
    let reader: QTIItemReader
    /// What cannot be represented exactly, each at its element.
    private(set) var problems: [Diagnostic] = []

    init(interaction: QTINode, declaration: QTIDeclaration, scoring: QTIScoring, reader: QTIItemReader) {
        self.interaction = interaction
        self.declaration = declaration
        self.scoring = scoring
        self.reader = reader
    }

    mutating func refuse(_ message: String, at position: SourcePosition? = nil) {
        problems.append(Diagnostic(.error, at: position ?? interaction.node.position(file: reader.file), message))
    }

    mutating func key() -> QTIItemReader.Keyed? {
        switch interaction.name {
        case "choiceInteraction": return choice(interaction.descendants("simpleChoice"))
        case "inlineChoiceInteraction": return choice(interaction.descendants("inlineChoice"))
        case "textEntryInteraction": return textEntry()
        case "orderInteraction": return order()
        case "matchInteraction": return match()
        default: return nil
        }
    }

    /// The mapping's maximum: its upper bound, else the best total the mapping allows. A mapping
    /// that cannot reach a positive score, or whose lower bound credits any answer, is refused.
    mutating func mappedMaximum(best: Double) -> Double {
        let maximum = declaration.upperBound.map { min($0, best) } ?? best
        if maximum <= 0 { refuse("the mapping cannot give a positive score", at: declaration.position) }
        if let lower = declaration.lowerBound, lower > 0 {
            refuse(
                "lowerBound \(lower) would give credit to any answer; Muster never credits a wrong answer",
                at: declaration.position)
        }
        return maximum > 0 ? maximum : 1
    }

    /// Options must read differently: responses name them by text.
    mutating func checkTexts(_ texts: [String]) {
        var seen: Set<String> = []
        for text in texts {
            if text.isEmpty { refuse("a choice has no text; Muster shows choices as text") }
            if !seen.insert(text).inserted {
                refuse("two choices read '\(text)'; candidates could not tell them apart")
            }
        }
    }

    mutating func choice(_ choices: [QTINode]) -> QTIItemReader.Keyed? {
        let ids = choices.map { $0.attribute("identifier") ?? "" }
        checkTexts(choices.map(\.text))
        for key in declaration.correct where !ids.contains(key) {
            refuse("the correct response names '\(key)', which is not a choice", at: declaration.position)
        }
        let multiple = declaration.cardinality != "single"
        switch scoring {
        case .matchCorrect:
            let options = zip(choices, ids).map { choice, id in
                ChoiceOption(text: reader.localized(choice.text), fraction: declaration.correct.contains(id) ? 1 : 0)
            }
            if multiple { return (.multipleResponse(MultipleResponseKey(options: options, rule: .allOrNothing)), 1) }
            if declaration.correct.count != 1 { refuse("a single-choice item needs exactly one correct response") }
            return (.singleChoice(options), 1)
        case .mapResponse:
            let values = ids.map { declaration.value(of: $0) }
            let best = multiple ? values.filter { $0 > 0 }.reduce(0, +) : values.max() ?? 0
            let maximum = mappedMaximum(best: best)
            let options = zip(choices, values).map { choice, value in
                ChoiceOption(text: reader.localized(choice.text), fraction: value / maximum)
            }
            if multiple {
                return (.multipleResponse(MultipleResponseKey(options: options, rule: .sumOfWeights)), maximum)
            }
            return (.singleChoice(options), maximum)
        }
    }

    mutating func textEntry() -> QTIItemReader.Keyed? {
        let numeric = ["integer", "float"].contains(declaration.baseType)
        switch scoring {
        case .matchCorrect:
            if numeric {
                let values = declaration.correct.compactMap(Double.init)
                if values.count != declaration.correct.count { refuse("a numeric correct response is not a number") }
                return (.numeric(values.map { NumericAnswer(.value($0, tolerance: 0)) }), 1)
            }
            // QTI's match compares strings exactly, case included.
            let answers = declaration.correct.map { ShortAnswerKey.Answer(text: $0) }
            return (.shortAnswer(ShortAnswerKey(answers: answers, caseSensitive: true)), 1)
        case .mapResponse:
            if declaration.defaultValue > 0 {
                refuse(
                    "the mapping's defaultValue \(declaration.defaultValue) would give credit to any answer; Muster never credits an unlisted answer",
                    at: declaration.position)
            }
            let maximum = mappedMaximum(best: declaration.entries.map(\.value).max() ?? 0)
            if numeric {
                var answers: [NumericAnswer] = []
                for entry in declaration.entries {
                    guard let value = QTIDeclaration.number(entry.key) else {
                        refuse("mapKey '\(entry.key)' is not a number", at: entry.position)
                        continue
                    }
                    answers.append(NumericAnswer(.value(value, tolerance: 0), fraction: entry.value / maximum))
                }
                return (.numeric(answers), maximum)
            }
            // The reference engines take the first entry that matches: keys that one answer could
            // match with different values would score differently here.
            for (index, entry) in declaration.entries.enumerated() {
                for earlier in declaration.entries[..<index]
                where (!earlier.caseSensitive || !entry.caseSensitive)
                    && earlier.key.lowercased() == entry.key.lowercased() && earlier.value != entry.value
                {
                    refuse(
                        "mapKey '\(entry.key)' and '\(earlier.key)' can match the same answer with different values",
                        at: entry.position)
                }
            }
            let answers = declaration.entries.map {
                ShortAnswerKey.Answer(text: $0.key, fraction: $0.value / maximum, caseSensitive: $0.caseSensitive)
            }
            return (.shortAnswer(ShortAnswerKey(answers: answers, caseSensitive: true)), maximum)
        }
    }

    mutating func order() -> QTIItemReader.Keyed? {
        guard scoring == .matchCorrect else {
            refuse("map_response on an order interaction is not supported; use match_correct")
            return nil
        }
        let texts = Dictionary(
            interaction.descendants("simpleChoice").map { ($0.attribute("identifier") ?? "", $0.text) },
            uniquingKeysWith: { first, _ in first })
        guard declaration.correct.count >= 2, declaration.correct.allSatisfy({ texts[$0] != nil }),
            Set(declaration.correct) == Set(texts.keys)
        else {
            refuse("the correct order must name every choice of the interaction once", at: declaration.position)
            return nil
        }
        checkTexts(interaction.descendants("simpleChoice").map(\.text))
        return (.ordering(declaration.correct.map { reader.localized(texts[$0] ?? "") }, scoring: .allOrNothing), 1)
    }

    mutating func match() -> QTIItemReader.Keyed? {
        let sets = interaction.children("simpleMatchSet").map { set in
            set.children("simpleAssociableChoice").map { ($0.attribute("identifier") ?? "", $0.text) }
        }
        guard sets.count == 2 else {
            refuse("a match interaction needs two match sets")
            return nil
        }
        let lefts = Dictionary(sets[0], uniquingKeysWith: { first, _ in first })
        let rights = Dictionary(sets[1], uniquingKeysWith: { first, _ in first })
        // The pairs that earn credit: the correct response, or for a mapping without one, the
        // pairs the mapping values above zero.
        var keys = declaration.correct
        if keys.isEmpty, scoring == .mapResponse { keys = declaration.entries.filter { $0.value > 0 }.map(\.key) }
        var pairs: [MatchingKey.Pair] = []
        var seenLefts: Set<String> = []
        for key in keys {
            let ids = key.split(separator: " ").map(String.init)
            guard ids.count == 2, let left = lefts[ids[0]], let right = rights[ids[1]] else {
                refuse("pair '\(key)' does not name a choice of each match set", at: declaration.position)
                continue
            }
            guard seenLefts.insert(ids[0]).inserted else {
                refuse("'\(ids[0])' is matched to several choices; Muster matches each prompt to one answer")
                continue
            }
            let credit = scoring == .mapResponse ? declaration.value(of: key) : nil
            if let credit, credit <= 0 { refuse("pair '\(key)' is correct but its mapped value is \(credit)") }
            pairs.append(MatchingKey.Pair(left: reader.localized(left), right: reader.localized(right), credit: credit))
        }
        var maximum = 1.0
        if scoring == .mapResponse {
            for entry in declaration.entries where !keys.contains(entry.key) && entry.value != 0 {
                refuse(
                    "the mapping gives pair '\(entry.key)', which is not a correct pair, the value \(entry.value); Muster credits correct pairs only",
                    at: entry.position)
            }
            if declaration.defaultValue != 0 {
                refuse("a mapping defaultValue other than 0 for pairs is not supported", at: declaration.position)
            }
            let total = pairs.compactMap(\.credit).reduce(0, +)
            if let upper = declaration.upperBound, upper < total {
                refuse("an upperBound below the mapping's total (\(total)) is not supported", at: declaration.position)
            }
            maximum = total > 0 ? total : 1
        }
        if pairs.count < 2, problems.isEmpty { refuse("a match item needs at least two correct pairs") }
        for (id, text) in sets[0] where !seenLefts.contains(id) {
            refuse("'\(text)' has no correct match; Muster needs an answer for every prompt")
        }
        checkTexts(sets[0].map(\.1))
        checkTexts(sets[1].map(\.1))
        let used = Set(pairs.map { $0.right.text() })
        let distractors = sets[1].map(\.1).filter { !used.contains($0) }.map { reader.localized($0) }
        let key = MatchingKey(
            pairs: pairs, distractors: distractors, scoring: scoring == .matchCorrect ? .allOrNothing : .perPair)
        return (.matching(key), maximum)
    }
}
