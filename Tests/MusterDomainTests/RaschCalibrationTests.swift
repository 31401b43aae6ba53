import Foundation
import MusterDomain
import Testing

/// The Rasch calibration against estimates known in closed form.
@Suite("Rasch calibration")
struct RaschCalibrationTests {
    static func attempts(_ rows: [[Double]], items: [String]) -> [AttemptMarks] {
        rows.map { row in
            AttemptMarks(marks: zip(items, row).map { .init(slot: $0, item: $0, earned: $1, maximum: 1) })
        }
    }

    @Test("two items, every person with one right: joint estimates are ±ln(a/b), twice the conditional ones")
    func twoItems() {
        // 30 persons got a right and b wrong, 10 the other way round. Conditional ML gives
        // b(b) − b(a) = ln 3; joint ML doubles it, centred: b(a) = −ln 3, b(b) = +ln 3.
        let rows = Array(repeating: [1.0, 0.0], count: 30) + Array(repeating: [0.0, 1.0], count: 10)
        let rasch = RaschCalibration(Self.attempts(rows, items: ["a", "b"]))
        #expect(rasch.converged)
        #expect(rasch.persons == 40)
        #expect(abs(rasch.items[0].difficulty + log(3)) < 1e-5)
        #expect(abs(rasch.items[1].difficulty - log(3)) < 1e-5)
        // Every person at ability 0: P(a) = 0.75, information 40 × 0.1875 = 7.5, SE = 1/√7.5.
        #expect(abs(rasch.items[0].standardError - 1 / 7.5.squareRoot()) < 1e-5)
        // Residuals match the model's variance exactly: both fit statistics are 1.
        #expect(abs(rasch.items[0].infit - 1) < 1e-5)
        #expect(abs(rasch.items[0].outfit - 1) < 1e-5)
    }

    @Test("difficulties follow the facilities and sum to zero; extreme items and persons are left out")
    func symmetry() {
        // Items e (easy) and h (hard) mirror each other; m in the middle; x everyone gets right.
        let rows: [[Double]] = [
            [1, 1, 0, 1], [1, 0, 0, 1], [1, 1, 1, 1], [0, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 1],
            [1, 1, 0, 1], [0, 1, 1, 1],
        ]
        let rasch = RaschCalibration(Self.attempts(rows, items: ["e", "m", "h", "x"]))
        #expect(rasch.extremeItems == ["x": "all"])
        #expect(rasch.items.map(\.item) == ["e", "h", "m"])
        let byItem = Dictionary(uniqueKeysWithValues: rasch.items.map { ($0.item, $0.difficulty) })
        // After x is left out, person 3 (all right) is extreme too: 7 persons remain.
        #expect(rasch.persons == 7)
        #expect((byItem["e"] ?? 0) < (byItem["m"] ?? 0))
        #expect((byItem["m"] ?? 0) < (byItem["h"] ?? 0))
        #expect(abs(rasch.items.map(\.difficulty).reduce(0, +)) < 1e-9)
    }
}
