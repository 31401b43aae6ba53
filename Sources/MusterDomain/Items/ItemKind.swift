/// The kinds of question Muster knows, each with its answer key.
public enum ItemKind: Sendable, Hashable, Codable {
    /// Exactly one option is chosen; each option carries a credit fraction (the key has 1).
    case singleChoice([ChoiceOption])
    /// Any number of options are chosen, scored by the key's rule.
    case multipleResponse(MultipleResponseKey)
    /// A statement that is true or false.
    case trueFalse(TrueFalseKey)
    /// A typed answer compared after Unicode NFKC and whitespace normalisation.
    case shortAnswer(ShortAnswerKey)
    /// A number within a tolerance or a range, with partial-credit alternatives.
    case numeric([NumericAnswer])
    /// Left-hand prompts each matched to one right-hand answer; credit per correct pair.
    case matching(MatchingKey)
    /// Entries to put in order: credit per entry in its correct place, or, with
    /// ``OrderScoring/allOrNothing``, only for the whole order right (QTI's match_correct).
    case ordering([LocalizedText], scoring: OrderScoring? = nil)
    /// A written answer marked by a trainer, optionally against a rubric.
    case essay(Rubric?)
    /// A measured performance (time, count, distance, hits) scored through a banded table.
    case practical(PracticalStation)
    /// Text with no response, such as instructions between questions.
    case description

    /// A short lowercase name for the kind, as used in files and summaries.
    public var name: String {
        switch self {
        case .singleChoice: "single-choice"
        case .multipleResponse: "multiple-response"
        case .trueFalse: "true-false"
        case .shortAnswer: "short-answer"
        case .numeric: "numeric"
        case .matching: "matching"
        case .ordering: "ordering"
        case .essay: "essay"
        case .practical: "practical"
        case .description: "description"
        }
    }

    /// Whether ``ItemScorer`` can score a response without a person.
    public var isAutoScored: Bool {
        switch self {
        case .essay, .description: false
        default: true
        }
    }
}

/// One option of a choice item.
public struct ChoiceOption: Sendable, Hashable, Codable {
    /// The option's text.
    public var text: LocalizedText
    /// The credit for choosing it, as a fraction of the item's points (1 = full, may be negative).
    public var fraction: Double
    /// Feedback shown after release to those who chose it.
    public var feedback: LocalizedText?

    public init(text: LocalizedText, fraction: Double, feedback: LocalizedText? = nil) {
        self.text = text
        self.fraction = fraction
        self.feedback = feedback
    }
}

/// The key of a multiple-response item.
public struct MultipleResponseKey: Sendable, Hashable, Codable {
    /// How chosen options become credit.
    public enum Rule: String, Sendable, Hashable, Codable {
        /// The chosen options' fractions add up; negative weights allowed; the total is kept
        /// between 0 and 1 (Moodle's multichoice, QTI's map_response).
        case sumOfWeights = "weights"
        /// Full credit for exactly the options with a positive fraction, else none (QTI's
        /// match_correct).
        case allOrNothing = "all-or-nothing"
    }

    public var options: [ChoiceOption]
    public var rule: Rule

    public init(options: [ChoiceOption], rule: Rule = .sumOfWeights) {
        self.options = options
        self.rule = rule
    }
}

/// The key of a true/false item.
public struct TrueFalseKey: Sendable, Hashable, Codable {
    /// Whether the statement is true.
    public var answer: Bool
    /// Feedback for those who answered true.
    public var feedbackIfTrue: LocalizedText?
    /// Feedback for those who answered false.
    public var feedbackIfFalse: LocalizedText?

    public init(answer: Bool, feedbackIfTrue: LocalizedText? = nil, feedbackIfFalse: LocalizedText? = nil) {
        self.answer = answer
        self.feedbackIfTrue = feedbackIfTrue
        self.feedbackIfFalse = feedbackIfFalse
    }
}

/// The key of a short-answer item.
public struct ShortAnswerKey: Sendable, Hashable, Codable {
    /// An accepted answer and the credit it earns.
    public struct Answer: Sendable, Hashable, Codable {
        public var text: String
        public var fraction: Double
        public var feedback: LocalizedText?

        /// Whether letter case must match for this answer; nil follows the key's rule. QTI's
        /// mapping states it per entry.
        public var caseSensitive: Bool?

        public init(text: String, fraction: Double = 1, feedback: LocalizedText? = nil, caseSensitive: Bool? = nil) {
            self.text = text
            self.fraction = fraction
            self.feedback = feedback
            self.caseSensitive = caseSensitive
        }
    }

    public var answers: [Answer]
    /// Whether letter case must match; width and whitespace never need to.
    public var caseSensitive: Bool

    public init(answers: [Answer], caseSensitive: Bool = false) {
        self.answers = answers
        self.caseSensitive = caseSensitive
    }
}

/// An accepted numeric answer and its credit.
public struct NumericAnswer: Sendable, Hashable, Codable {
    /// What numbers the answer accepts.
    public enum Accepts: Sendable, Hashable, Codable {
        /// `value ± tolerance`.
        case value(Double, tolerance: Double)
        /// Any number from `minimum` to `maximum`, both included.
        case range(minimum: Double, maximum: Double)
    }

    public var accepts: Accepts
    public var fraction: Double
    public var feedback: LocalizedText?

    public init(_ accepts: Accepts, fraction: Double = 1, feedback: LocalizedText? = nil) {
        self.accepts = accepts
        self.fraction = fraction
        self.feedback = feedback
    }

    /// Whether `number` falls within this answer.
    public func accepts(_ number: Double) -> Bool {
        switch accepts {
        case .value(let value, let tolerance): abs(number - value) <= abs(tolerance) + 1e-9 * max(1, abs(value))
        case .range(let minimum, let maximum): number >= minimum && number <= maximum
        }
    }
}

/// The key of a matching item.
public struct MatchingKey: Sendable, Hashable, Codable {
    /// A prompt and the answer it matches.
    public struct Pair: Sendable, Hashable, Codable {
        public var left: LocalizedText
        public var right: LocalizedText
        /// What the pair is worth relative to the others (1 when nil); a QTI mapping gives
        /// pairs different values.
        public var credit: Double?

        public init(left: LocalizedText, right: LocalizedText, credit: Double? = nil) {
            self.left = left
            self.right = right
            self.credit = credit
        }
    }

    public var pairs: [Pair]
    /// Extra right-hand answers that match nothing.
    public var distractors: [LocalizedText]
    /// How matched pairs become credit; nil is per pair by credit.
    public var scoring: MatchScoring?

    public init(pairs: [Pair], distractors: [LocalizedText] = [], scoring: MatchScoring? = nil) {
        self.pairs = pairs
        self.distractors = distractors
        self.scoring = scoring
    }
}

/// How an ordering item's response becomes credit.
public enum OrderScoring: String, Sendable, Hashable, Codable, CaseIterable {
    /// Credit for each entry in its correct place (the default).
    case perPosition = "per-position"
    /// Full credit for the whole order right, else none (QTI's match_correct).
    case allOrNothing = "all-or-nothing"
}

/// How a matching item's response becomes credit.
public enum MatchScoring: String, Sendable, Hashable, Codable, CaseIterable {
    /// Each correct pair earns its credit out of all pairs' credits (the default; Moodle's
    /// matching, and QTI's map_response with the mapping's values as credits).
    case perPair = "per-pair"
    /// Full credit for every pair right, else none (QTI's match_correct).
    case allOrNothing = "all-or-nothing"
}
