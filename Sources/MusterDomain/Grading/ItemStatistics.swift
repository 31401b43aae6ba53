import Foundation

/// One graded attempt as statistics read it: each position's item, slot and marks.
public struct AttemptMarks: Sendable, Hashable {
    /// One position's marks.
    public struct Mark: Sendable, Hashable {
        /// The slot the position fills: its section and its rank among that section's positions
        /// (slot statistics pool whichever item a random draw put there, as for random items in
        /// the reference LMS).
        public var slot: String
        public var item: String
        public var earned: Double
        public var maximum: Double

        public init(slot: String, item: String, earned: Double, maximum: Double) {
            self.slot = slot
            self.item = item
            self.earned = earned
            self.maximum = maximum
        }
    }

    public var marks: [Mark]

    public init(marks: [Mark]) {
        self.marks = marks
    }

    /// The attempt's total.
    public var total: Double { marks.map(\.earned).reduce(0, +) }
}

/// Classical test statistics of an exam's attempts, with the formulas of the reference LMS:
/// facility, discrimination index and discriminative efficiency per item; the coefficient of
/// internal consistency (alpha), error ratio and standard error of the whole; the distribution
/// of scores. Variances are sample variances (n − 1).
public struct ItemStatistics: Sendable, Hashable, Codable {
    /// One item's figures.
    public struct ItemFigures: Sendable, Hashable, Codable {
        public var item: String
        /// Attempts that drew the item.
        public var attempts: Int
        /// Mean mark ÷ maximum mark, 0 to 1.
        public var facility: Double
        /// The marks' standard deviation as a share of the maximum.
        public var standardDeviation: Double
        /// 100 × the correlation of the item's marks with the rest of the test; nil when either
        /// does not vary.
        public var discriminationIndex: Double?
        /// 100 × the covariance with the rest of the test ÷ the largest covariance the same marks
        /// could have; nil when it cannot be computed.
        public var discriminativeEfficiency: Double?
        /// `negative` or `low` discrimination, for the trainers' attention.
        public var flag: String?
    }

    /// How many attempts are in the scores below.
    public var attempts: Int
    public var meanScore: Double
    /// The mean of each attempt's score as a percentage of its own maximum (maxima differ once
    /// an item is voided).
    public var meanPercent: Double
    public var medianScore: Double
    public var standardDeviation: Double
    /// The maximum of a form (the first attempt's).
    public var maximum: Double
    /// Coefficient of internal consistency in percent; nil with fewer than two attempts, one
    /// slot, or totals that do not vary.
    public var alpha: Double?
    /// 100 × √(1 − alpha ÷ 100).
    public var errorRatio: Double?
    /// Error ratio × standard deviation ÷ 100, in marks.
    public var standardError: Double?
    /// Attempts per tenth of the percentage scale: [0, 10), [10, 20), …, [90, 100].
    public var distribution: [Int]
    public var items: [ItemFigures]

    /// Discrimination indices below this are flagged `low`.
    public static let lowDiscrimination = 20.0

    /// Computes the statistics of `attempts`.
    public init(_ attempts: [AttemptMarks]) {
        let totals = attempts.map(\.total)
        self.attempts = attempts.count
        meanScore = Self.mean(totals)
        meanPercent = Self.rounded(
            Self.mean(
                attempts.map { attempt in
                    let maximum = attempt.marks.map(\.maximum).reduce(0, +)
                    return maximum > 0 ? attempt.total / maximum * 100 : 0
                }))
        medianScore = Self.median(totals)
        standardDeviation = Self.variance(totals).squareRoot()
        maximum = attempts.first.map { $0.marks.map(\.maximum).reduce(0, +) } ?? 0
        var distribution = Array(repeating: 0, count: 10)
        for attempt in attempts {
            let maximum = attempt.marks.map(\.maximum).reduce(0, +)
            let percent = maximum > 0 ? attempt.total / maximum * 100 : 0
            distribution[min(9, max(0, Int(percent / 10)))] += 1
        }
        self.distribution = distribution

        // Alpha over slots: each slot's marks across attempts.
        var slots: [String: [Double]] = [:]
        for attempt in attempts {
            for mark in attempt.marks { slots[mark.slot, default: []].append(mark.earned) }
        }
        let totalVariance = Self.variance(totals)
        let p = Double(slots.count)
        if attempts.count > 1, p > 1, totalVariance > 0 {
            let itemVariance = slots.values.map(Self.variance).reduce(0, +)
            let alpha = 100 * p / (p - 1) * (1 - itemVariance / totalVariance)
            self.alpha = alpha
            let ratio = 100 * max(0, 1 - alpha / 100).squareRoot()
            errorRatio = ratio
            standardError = ratio * standardDeviation / 100
        }

        // Per item: its marks and the rest of the test in the attempts that drew it.
        var byItem: [String: (marks: [Double], rest: [Double], maximum: Double)] = [:]
        for (attempt, total) in zip(attempts, totals) {
            for mark in attempt.marks {
                byItem[mark.item, default: ([], [], mark.maximum)].marks.append(mark.earned)
                byItem[mark.item]?.rest.append(total - mark.earned)
            }
        }
        items = byItem.keys.sorted().map { item in
            let (marks, rest, maximum) = byItem[item] ?? ([], [], 0)
            let facility = maximum > 0 ? Self.mean(marks) / maximum : 0
            let deviation = maximum > 0 ? Self.variance(marks).squareRoot() / maximum : 0
            let covariance = Self.covariance(marks, rest)
            let spread = (Self.variance(marks) * Self.variance(rest)).squareRoot()
            let index = spread > 0 ? 100 * covariance / spread : nil
            let largest = Self.covariance(marks.sorted(), rest.sorted())
            let efficiency = largest > 0 ? 100 * covariance / largest : nil
            let flag = index.flatMap { $0 < 0 ? "negative" : $0 < Self.lowDiscrimination ? "low" : nil }
            return ItemFigures(
                item: item, attempts: marks.count, facility: Self.rounded(facility),
                standardDeviation: Self.rounded(deviation), discriminationIndex: index.map(Self.rounded),
                discriminativeEfficiency: efficiency.map(Self.rounded), flag: flag)
        }
    }

    /// Figures kept to a millionth: no floating-point noise in reports.
    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func variance(_ values: [Double]) -> Double {
        covariance(values, values)
    }

    static func covariance(_ first: [Double], _ second: [Double]) -> Double {
        guard first.count > 1, first.count == second.count else { return 0 }
        let (meanFirst, meanSecond) = (mean(first), mean(second))
        return zip(first, second).map { ($0 - meanFirst) * ($1 - meanSecond) }.reduce(0, +) / Double(first.count - 1)
    }
}
