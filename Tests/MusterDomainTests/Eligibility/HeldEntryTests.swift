import Testing

@testable import MusterDomain

@Suite("The rank or post held on a day")
struct HeldEntryTests {
    /// Random histories, in date order or not, with ties and repeated codes, read both ways.
    @Test("read without a list when in date order, the same as after sorting")
    func sameAsSorted() {
        var random = SeededGenerator(seed: 7)
        let start = CalendarDay(year: 2010, month: 1, day: 1)
        var checked = 0
        for _ in 0..<5_000 {
            let count = Int(random.next() % 6)
            var history = (0..<count).map { _ in
                HistoryEntry(
                    code: ["c1", "c2", "s3"][Int(random.next() % 3)], since: start.addingDays(Int(random.next() % 20)))
            }
            if random.next() % 3 != 0 { history.sort { $0.since < $1.since } }
            let current = HistoryEntry(
                code: ["c1", "c2"][Int(random.next() % 2)], since: start.addingDays(Int(random.next() % 25)))
            for offset in [-1, 0, 5, 10, 19, 30] {
                let day = start.addingDays(offset)
                let expected = PromotionRecord.held(on: day, in: history + [current])
                #expect(PromotionRecord.held(on: day, in: history, current: current) == expected)
                if expected != nil { checked += 1 }
            }
        }
        #expect(checked > 10_000)
    }
}
