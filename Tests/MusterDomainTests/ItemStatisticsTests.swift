import MusterDomain
import Testing

/// The statistics against figures worked out by hand on a small matrix.
@Suite("Item statistics")
struct ItemStatisticsTests {
    /// Four attempts at the same three one-mark items:
    ///
    ///     a b c  total
    ///     1 1 1  3
    ///     1 1 0  2
    ///     1 0 0  1
    ///     0 0 0  0
    static let matrix: [AttemptMarks] = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]].map { row in
        AttemptMarks(
            marks: zip(["a", "b", "c"], row).map { AttemptMarks.Mark(slot: "s\($0)", item: $0, earned: $1, maximum: 1) }
        )
    }

    static func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-4
    }

    @Test("facility, discrimination and efficiency per item; alpha, error ratio and standard error of the whole")
    func handComputed() {
        let statistics = ItemStatistics(Self.matrix)
        // Totals 3, 2, 1, 0: mean 1.5, median 1.5, sample variance 5/3, SD 1.290994.
        #expect(statistics.attempts == 4)
        #expect(statistics.meanScore == 1.5)
        #expect(statistics.medianScore == 1.5)
        #expect(Self.close(statistics.standardDeviation, 1.290994))
        #expect(statistics.maximum == 3)
        // Item variances 1/4, 1/3, 1/4 sum to 5/6; alpha = 100 × 3/2 × (1 − (5/6)/(5/3)) = 75.
        #expect(Self.close(statistics.alpha, 75))
        // Error ratio = 100 × √(1 − 0.75) = 50; standard error = 50 × 1.290994 / 100.
        #expect(Self.close(statistics.errorRatio, 50))
        #expect(Self.close(statistics.standardError, 0.645497))
        // 100%, 66.7%, 33.3%, 0%.
        #expect(statistics.distribution == [1, 0, 0, 1, 0, 0, 1, 0, 0, 1])
        #expect(statistics.items.map(\.item) == ["a", "b", "c"])
        #expect(statistics.items.map(\.facility) == [0.75, 0.5, 0.25])
        // a against the rest (2, 1, 0, 0): cov 1/4, var 1/4 and 11/12: r = 0.522233.
        let a = statistics.items[0]
        #expect(Self.close(a.discriminationIndex, 52.2233))
        // Sorted, a (0, 1, 1, 1) and rest (0, 0, 1, 2) give the same covariance: 100%.
        #expect(Self.close(a.discriminativeEfficiency, 100))
        #expect(a.flag == nil)
        // b against the rest (2, 1, 1, 0): cov 1/3, variances 1/3 and 2/3: r = 0.707107.
        #expect(Self.close(statistics.items[1].discriminationIndex, 70.7107))
    }

    @Test("an item the weaker candidates get right is flagged negative; no spread gives no index")
    func flags() {
        // c is right only for the weakest: negative discrimination.
        let reversed: [AttemptMarks] = [[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]].map { row in
            AttemptMarks(
                marks: zip(["a", "b", "c"], row).map {
                    AttemptMarks.Mark(slot: "s\($0)", item: $0, earned: $1, maximum: 1)
                })
        }
        let statistics = ItemStatistics(reversed)
        #expect(statistics.items[2].flag == "negative")
        #expect((statistics.items[2].discriminationIndex ?? 0) < 0)
        // Everyone right: no variation, no index, no alpha.
        let flat = ItemStatistics(
            [[1.0, 1.0], [1.0, 1.0]].map { row in
                AttemptMarks(marks: zip(["a", "b"], row).map { .init(slot: $0, item: $0, earned: $1, maximum: 1) })
            })
        #expect(flat.items.map(\.discriminationIndex) == [nil, nil])
        #expect(flat.alpha == nil)
    }
}

@Suite("Item statistics with voided items")
struct VoidedStatisticsTests {
    @Test("the mean percentage takes each attempt's own maximum")
    func meanPercent() {
        let attempts = [
            AttemptMarks(marks: [
                .init(slot: "a", item: "a", earned: 1, maximum: 1), .init(slot: "b", item: "b", earned: 1, maximum: 1),
            ]),
            AttemptMarks(marks: [.init(slot: "a", item: "a", earned: 1, maximum: 1)]),
        ]
        // 2 of 2 and 1 of 1: both 100%, though the raw mean is 1.5 of a first maximum of 2.
        let statistics = ItemStatistics(attempts)
        #expect(statistics.meanPercent == 100)
        #expect(statistics.meanScore == 1.5)
    }
}
