import MusterDomain
import Testing

@testable import MusterApp

@Suite("Kept forms share their option orders")
struct OptionOrdersTests {
    static func form(_ orders: [[Int]]) -> AttemptForm {
        AttemptForm(
            entries: orders.enumerated().map { index, order in
                FormEntry(position: index + 1, section: "s", itemID: "q\(index)", points: 1, optionOrder: order)
            }, items: [:])
    }

    static func storage(_ order: [Int]) -> UnsafeRawPointer? {
        order.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }

    @Test("equal orders become one shared array; the forms read exactly as before")
    func sharing() {
        let orders = OptionOrders()
        let first = Self.form([[2, 0, 1, 3], [], [1, 0]])
        let second = Self.form([[2, 0, 1, 3], [0, 1], [1, 0]])
        let keptFirst = orders.sharing(first)
        let keptSecond = orders.sharing(second)
        #expect(keptFirst == first)
        #expect(keptSecond == second)
        #expect(Self.storage(keptSecond.entries[0].optionOrder) == Self.storage(keptFirst.entries[0].optionOrder))
        #expect(Self.storage(keptSecond.entries[2].optionOrder) == Self.storage(keptFirst.entries[2].optionOrder))
        #expect(Self.storage(second.entries[0].optionOrder) != Self.storage(keptFirst.entries[0].optionOrder))
    }

    @Test("past its capacity the table keeps no more orders and forms keep their own")
    func bounded() {
        let orders = OptionOrders(capacity: 1)
        _ = orders.sharing(Self.form([[1, 0]]))
        let other = Self.form([[0, 1]])
        let kept = orders.sharing(other)
        #expect(kept == other)
        let again = orders.sharing(Self.form([[0, 1]]))
        #expect(Self.storage(again.entries[0].optionOrder) != Self.storage(kept.entries[0].optionOrder))
    }
}
