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

    public init(
        position: Int, itemID: String, sequence: Int64?, earned: Double?, maximum: Double, method: Method,
        placeholderTable: Bool = false
    ) {
        self.position = position
        self.itemID = itemID
        self.sequence = sequence
        self.earned = earned
        self.maximum = maximum
        self.method = method
        self.placeholderTable = placeholderTable
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
    /// Grades an attempt's form from its latest saved answers.
    ///
    /// - Parameters:
    ///   - form: The attempt's entries and the items graded against them (the pinned bank
    ///     version's, or a corrected version's keys when regrading).
    ///   - answers: The latest saved answer per position.
    ///   - manual: Trainers' and examiners' marks by position.
    ///   - voided: Item ids that count for nothing.
    public static func grade(
        form: AttemptForm, answers: [SavedAnswer], manual: [Int: ManualMark], exam: ExamDefinition,
        voided: Set<String> = []
    ) -> AttemptGrade {
        // Positions are small whole numbers: answers by position in an array, not a dictionary.
        let last = max(form.entries.map(\.position).max() ?? 0, answers.map(\.position).max() ?? 0)
        var saved = [SavedAnswer?](repeating: nil, count: last + 1)
        for answer in answers where answer.position >= 0 {
            if let held = saved[answer.position], held.sequence >= answer.sequence { continue }
            saved[answer.position] = answer
        }
        var entries = form.entries
        if !zip(entries, entries.dropFirst()).allSatisfy({ $0.position < $1.position }) {
            entries.sort { $0.position < $1.position }
        }
        var marks: [ItemMark] = []
        marks.reserveCapacity(entries.count)
        var score = 0.0
        var maximum = 0.0
        for entry in entries {
            let mark = mark(
                entry, item: form.items[entry.itemID], saved: entry.position >= 0 ? saved[entry.position] : nil,
                manual: manual.isEmpty ? nil : manual[entry.position],
                voided: !voided.isEmpty && voided.contains(entry.itemID))
            score += mark.earned ?? 0
            maximum += mark.maximum
            marks.append(mark)
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

    private static func mark(
        _ entry: FormEntry, item: Item?, saved: SavedAnswer?, manual: ManualMark?, voided: Bool
    ) -> ItemMark {
        let base = ItemMark(
            position: entry.position, itemID: entry.itemID, sequence: saved?.sequence, earned: 0,
            maximum: entry.points, method: .auto)
        guard let item, !voided else {
            var mark = base
            mark.maximum = 0
            mark.method = .voided
            return mark
        }
        func scored(_ fraction: Double, _ method: ItemMark.Method, placeholder: Bool = false) -> ItemMark {
            var mark = base
            mark.earned = rounded(min(1, max(0, fraction)) * entry.points)
            mark.method = method
            mark.placeholderTable = placeholder
            return mark
        }
        var pending = base
        pending.earned = nil
        pending.method = .pending
        switch item.kind {
        case .practical(let station):
            guard case .measurement(let value, let sex, let age)? = manual,
                let group = station.table.group(for: sex, age: age),
                let score = try? ItemScorer.score(item, response: .measurement(value, sex: sex, age: age))
            else { return pending }
            return scored(score.fraction, .measurement, placeholder: group.placeholder)
        case .essay(let rubric):
            if let manual {
                switch (manual, rubric) {
                case (.rubric(let levels), let rubric?) where rubric.maximumPoints > 0:
                    let earned = zip(rubric.criteria, levels).map { criterion, level in
                        criterion.levels.indices.contains(level) ? criterion.levels[level].points : 0
                    }.reduce(0, +)
                    return scored(earned / rubric.maximumPoints, .rubric)
                case (.points(let given), nil) where entry.points > 0:
                    return scored(given / entry.points, .rubric)
                default: return pending
                }
            }
            guard case .text(let text)? = saved?.answer, !text.allSatisfy(\.isWhitespace) else {
                return scored(0, .unanswered)
            }
            return pending
        case .description:
            var mark = base
            mark.maximum = 0
            mark.method = .unanswered
            return mark
        default:
            guard let answer = saved?.answer else { return scored(0, .unanswered) }
            // An answer that no longer fits (a key corrected to another shape) earns nothing.
            return scored(ItemScorer.fraction(of: item, answer: answer, at: entry) ?? 0, .auto)
        }
    }

    /// Marks kept to a millionth, so sums compare exactly across regrades.
    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
