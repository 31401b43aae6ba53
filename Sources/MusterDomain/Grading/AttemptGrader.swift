/// A trainer's or examiner's mark for a position that is not scored automatically.
public enum ManualMark: Sendable, Hashable, Codable {
    /// An essay marked on its rubric: the level chosen for each criterion, by index, in the
    /// rubric's order.
    case rubric(levels: [Int])
    /// An essay without a rubric: the exam points given, from 0 to the position's points.
    case points(Double)
    /// A practical station's measurement, with the officer's sex and age on the sitting's day
    /// (which choose the scoring table's group).
    case measurement(Double, sex: Sex, age: Int)
}

/// The marks one position earned, with the answer they were computed from.
public struct ItemMark: Sendable, Hashable, Codable {
    /// How the marks were decided.
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// By the scoring function, from the saved answer.
        case auto
        /// Nothing was answered: no marks, nothing to mark.
        case unanswered
        /// By a trainer on the essay's rubric, or with points given directly.
        case rubric
        /// From an examiner's measurement and the station's table.
        case measurement
        /// Waiting for a trainer or examiner.
        case pending
        /// The item was voided: it counts for nothing, in the score or the maximum.
        case voided
    }

    /// What a pending position waits for.
    public enum Awaiting: String, Sendable, Hashable, Codable, CaseIterable {
        /// A trainer's or examiner's mark.
        case mark
        /// A second, independent mark (the exam asks for two).
        case secondMark = "second_mark"
        /// A moderator's mark: the two marks disagree beyond the tolerance.
        case moderation
    }

    public var position: Int
    public var itemID: String
    /// The answer log sequence the marks were computed from (nil: no answer).
    public var sequence: Int64?
    /// The marks earned; nil while pending.
    public var earned: Double?
    /// The position's points on this exam (0 when voided).
    public var maximum: Double
    public var method: Method
    /// Scored with a practical table group marked as a placeholder (to be replaced by the
    /// bureau's official table).
    public var placeholderTable: Bool
    /// What the position waits for while pending; nil otherwise.
    public var awaiting: Awaiting?

    public init(
        position: Int, itemID: String, sequence: Int64?, earned: Double?, maximum: Double, method: Method,
        placeholderTable: Bool = false, awaiting: Awaiting? = nil
    ) {
        self.position = position
        self.itemID = itemID
        self.sequence = sequence
        self.earned = earned
        self.maximum = maximum
        self.method = method
        self.placeholderTable = placeholderTable
        self.awaiting = method == .pending ? awaiting ?? .mark : nil
    }
}

extension ItemMark {
    /// A fingerprint of everything stored about the mark (its fields mixed word by word, FNV
    /// style), kept beside the result so a regrade finds the marks that changed without reading
    /// every mark back.
    public var digest: Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            hash = (hash ^ value) &* 0x0000_0100_0000_01b3
            hash ^= hash >> 29
        }
        mix(UInt64(bitPattern: Int64(position)))
        for byte in itemID.utf8 { mix(UInt64(byte)) }
        mix(sequence.map { UInt64(bitPattern: $0) } ?? .max)
        mix(earned.map(\.bitPattern) ?? .max)
        mix(maximum.bitPattern)
        let methodCode: UInt64 =
            switch method {
            case .auto: 1
            case .unanswered: 2
            case .rubric: 3
            case .measurement: 4
            case .pending: 5
            case .voided: 6
            }
        mix(methodCode)
        mix(placeholderTable ? 1 : 0)
        let awaitingCode: UInt64 =
            switch awaiting {
            case nil: 0
            case .mark?: 1
            case .secondMark?: 2
            case .moderation?: 3
            }
        mix(awaitingCode)
        return Int64(bitPattern: hash)
    }
}

/// An attempt's grade: every position's marks and what they add up to.
public struct AttemptGrade: Sendable, Hashable, Codable {
    public var marks: [ItemMark]
    public var score: Double
    public var maximum: Double
    /// The score as a percentage of the maximum.
    public var percent: Double
    /// Whether every position is marked: only a final grade passes or fails.
    public var isFinal: Bool
    /// Pass or fail against the exam's pass mark; nil until final.
    public var passed: Bool?
    /// The band the percentage falls in; nil until final or when no band is reached.
    public var band: String?

    /// Whether any practical mark used a placeholder table.
    public var usesPlaceholderTable: Bool { marks.contains { $0.placeholderTable } }

    /// Positions waiting for a trainer or examiner.
    public var pending: [Int] { marks.filter { $0.method == .pending }.map(\.position) }
}

/// Grades attempts: the one place saved answers and manual marks become marks, for live grading,
/// marking and regrading alike. Auto-scored positions go through ``ItemScorer``, the product's
/// only scoring function; essays and practical stations take a ``ManualMark``.
public enum AttemptGrader {
    /// Grades an attempt's form from its latest saved answers, with one mark per manually marked
    /// position (the first marker's).
    public static func grade(
        form: AttemptForm, answers: [SavedAnswer], manual: [Int: ManualMark], exam: ExamDefinition,
        voided: Set<String> = []
    ) -> AttemptGrade {
        grade(
            form: form, answers: answers, markings: manual.mapValues { PositionMarking(first: $0) }, exam: exam,
            voided: voided)
    }

    /// Grades an attempt's form from its latest saved answers.
    ///
    /// - Parameters:
    ///   - form: The attempt's entries and the items graded against them (the pinned bank
    ///     version's, or a corrected version's keys when regrading).
    ///   - answers: The latest saved answer per position.
    ///   - markings: Trainers' and examiners' marks by position; with the exam's
    ///     ``ExamDefinition/secondMarking`` a position needs two marks that agree, or a moderator's.
    ///   - voided: Item ids that count for nothing.
    public static func grade(
        form: AttemptForm, answers: [SavedAnswer], markings: [Int: PositionMarking], exam: ExamDefinition,
        voided: Set<String> = []
    ) -> AttemptGrade {
        var entries = form.entries
        if !zip(entries, entries.dropFirst()).allSatisfy({ $0.position < $1.position }) {
            entries.sort { $0.position < $1.position }
        }
        // The usual case: one answer per position, in position order, walked beside the entries.
        // Otherwise the latest answer per position is picked out first.
        var latest = answers
        if !zip(answers, answers.dropFirst()).allSatisfy({ $0.position < $1.position }) {
            var byPosition: [Int: SavedAnswer] = [:]
            for answer in answers {
                if let held = byPosition[answer.position], held.sequence >= answer.sequence { continue }
                byPosition[answer.position] = answer
            }
            latest = byPosition.values.sorted { $0.position < $1.position }
        }
        var marks: [ItemMark] = []
        marks.reserveCapacity(entries.count)
        var score = 0.0
        var maximum = 0.0
        var next = 0
        // Borrowed in place: the loop copies no entry or answer, only what each mark keeps.
        entries.withUnsafeBufferPointer { entries in
            latest.withUnsafeBufferPointer { latest in
                for index in entries.indices {
                    let position = entries[index].position
                    while next < latest.count, latest[next].position < position { next += 1 }
                    let found = next < latest.count && latest[next].position == position
                    let outcome = outcome(
                        points: entries[index].points, optionOrder: entries[index].optionOrder,
                        kind: form.items.kind(of: entries[index].itemID),
                        answer: found ? latest[next].answer : nil,
                        marking: markings.isEmpty ? nil : markings[position], policy: exam.secondMarking,
                        voided: !voided.isEmpty && voided.contains(entries[index].itemID))
                    score += outcome.earned ?? 0
                    maximum += outcome.maximum
                    marks.append(
                        ItemMark(
                            position: position, itemID: entries[index].itemID,
                            sequence: found ? latest[next].sequence : nil, earned: outcome.earned,
                            maximum: outcome.maximum, method: outcome.method, placeholderTable: outcome.placeholder,
                            awaiting: outcome.awaiting))
                }
            }
        }
        score = rounded(score)
        maximum = rounded(maximum)
        let percent = maximum > 0 ? rounded(score / maximum * 100) : 0
        let isFinal = !marks.contains { $0.method == .pending }
        let passed = isFinal ? percent + 1e-9 >= exam.passPercent : nil
        return AttemptGrade(
            marks: marks, score: score, maximum: maximum, percent: percent, isFinal: isFinal, passed: passed,
            band: isFinal ? exam.band(forPercent: percent) : nil)
    }

    /// Why `mark` cannot be given to `item` at a position worth `points`, or nil when it can.
    public static func problem(with mark: ManualMark, for item: Item, points: Double) -> String? {
        switch (item.kind, mark) {
        case (.essay(let rubric?), .rubric(let levels)):
            guard levels.count == rubric.criteria.count else {
                return "the rubric has \(rubric.criteria.count) criteria; give a level for each"
            }
            for (criterion, level) in zip(rubric.criteria, levels) where !criterion.levels.indices.contains(level) {
                return "criterion '\(criterion.name.text())' has levels 1 to \(criterion.levels.count)"
            }
            return nil
        case (.essay(nil), .points(let given)):
            return given.isFinite && (0...points).contains(given) ? nil : "give 0 to \(Self.format(points)) points"
        case (.essay(.some), .points):
            return "this essay is marked on its rubric: give a level per criterion"
        case (.essay(nil), .rubric):
            return "this essay has no rubric: give points"
        case (.practical(let station), .measurement(let value, let sex, let age)):
            guard value.isFinite, value >= 0 else { return "the measurement must be a number 0 or more" }
            return station.table.group(for: sex, age: age) == nil
                ? "the station's table has no group for \(sex.rawValue) officers aged \(age)" : nil
        case (.practical, _):
            return "this is a practical station: give the measurement"
        default:
            return "\(item.kind.name) items are scored automatically"
        }
    }

    /// One position's outcome before it becomes an ``ItemMark``: plain values, so the hot loop
    /// builds each mark once.
    struct Outcome {
        var earned: Double?
        var maximum: Double
        var method: ItemMark.Method
        var placeholder = false
        var awaiting: ItemMark.Awaiting?
    }

    private static func outcome(
        points: Double, optionOrder: [Int], kind: ItemKind?, answer: CandidateAnswer?, marking: PositionMarking?,
        policy: SecondMarking?, voided: Bool
    ) -> Outcome {
        guard let kind, !voided else { return Outcome(earned: 0, maximum: 0, method: .voided) }
        func scored(_ fraction: Double, _ method: ItemMark.Method, placeholder: Bool = false) -> Outcome {
            Outcome(
                earned: rounded(min(1, max(0, fraction)) * points), maximum: points, method: method,
                placeholder: placeholder)
        }
        switch kind {
        case .practical, .essay:
            if marking?.isEmpty ?? true, case .essay = kind {
                guard case .text(let text)? = answer, !text.allSatisfy(\.isWhitespace) else {
                    return scored(0, .unanswered)
                }
            }
            switch decide(marking ?? PositionMarking(), kind: kind, points: points, policy: policy) {
            case .decided(let worth):
                return scored(worth.fraction, worth.method, placeholder: worth.placeholder)
            case .awaiting(let stage):
                return Outcome(earned: nil, maximum: points, method: .pending, awaiting: stage)
            }
        case .description:
            return Outcome(earned: 0, maximum: 0, method: .unanswered)
        default:
            guard let answer else { return scored(0, .unanswered) }
            // An answer that no longer fits (a key corrected to another shape) earns nothing.
            return scored(ItemScorer.fraction(of: kind, answer: answer, optionOrder: optionOrder) ?? 0, .auto)
        }
    }

    /// The points one manual mark alone gives a position worth `points`; nil when the mark does
    /// not fit the item.
    public static func points(of mark: ManualMark, item: Item, points: Double) -> Double? {
        worth(of: mark, kind: item.kind, points: points).map { rounded(min(1, max(0, $0.fraction)) * points) }
    }

    /// What one manual mark is worth: a fraction of the position, how it was decided, and
    /// whether a placeholder table scored it.
    struct ManualWorth {
        var fraction: Double
        var method: ItemMark.Method
        var placeholder: Bool
    }

    /// A manually marked position's outcome: decided, or waiting.
    enum ManualDecision {
        case decided(ManualWorth)
        case awaiting(ItemMark.Awaiting)
    }

    /// Decides a manually marked position from its marks: the one mark without double marking;
    /// with it, the moderator's mark when there is one, else the mean of two marks that agree.
    static func decide(
        _ marking: PositionMarking, kind: ItemKind, points: Double, policy: SecondMarking?
    ) -> ManualDecision {
        let first = marking.first.flatMap { worth(of: $0, kind: kind, points: points) }
        guard let policy else { return first.map(ManualDecision.decided) ?? .awaiting(.mark) }
        if let moderated = marking.moderator.flatMap({ worth(of: $0, kind: kind, points: points) }) {
            return .decided(moderated)
        }
        guard let first else { return .awaiting(.mark) }
        guard let second = marking.second.flatMap({ worth(of: $0, kind: kind, points: points) }) else {
            return .awaiting(.secondMark)
        }
        guard policy.agrees(first.fraction, second.fraction) else { return .awaiting(.moderation) }
        return .decided(
            ManualWorth(
                fraction: (first.fraction + second.fraction) / 2, method: first.method,
                placeholder: first.placeholder || second.placeholder))
    }

    /// What `mark` is worth on `item` at a position worth `points`; nil when it does not fit
    /// (a mark of the wrong kind, a table without the officer's group).
    static func worth(of mark: ManualMark, kind: ItemKind, points: Double) -> ManualWorth? {
        switch (kind, mark) {
        case (.practical(let station), .measurement(let value, let sex, let age)):
            guard let group = station.table.group(for: sex, age: age),
                let fraction = ItemScorer.fraction(of: station, measurement: value, sex: sex, age: age)
            else { return nil }
            return ManualWorth(fraction: fraction, method: .measurement, placeholder: group.placeholder)
        case (.essay(let rubric?), .rubric(let levels)) where rubric.maximumPoints > 0:
            let earned = zip(rubric.criteria, levels).map { criterion, level in
                criterion.levels.indices.contains(level) ? criterion.levels[level].points : 0
            }.reduce(0, +)
            return ManualWorth(fraction: earned / rubric.maximumPoints, method: .rubric, placeholder: false)
        case (.essay(nil), .points(let given)) where points > 0:
            return ManualWorth(fraction: given / points, method: .rubric, placeholder: false)
        default:
            return nil
        }
    }

    /// Marks kept to a millionth, so sums compare exactly across regrades.
    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
