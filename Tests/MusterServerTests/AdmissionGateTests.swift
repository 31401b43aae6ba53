import Testing

@testable import MusterServer

@Suite("Admission of exam starts")
struct AdmissionGateTests {
    /// Records the order callers are admitted in.
    actor Order {
        var admitted: [Int] = []
        func add(_ index: Int) { admitted.append(index) }
    }

    @Test("at most the slots run at once, the rest wait in arrival order, beyond the queue a place is given")
    func admission() async throws {
        let gate = AdmissionGate(slots: 2, queueLimit: 3)
        #expect(await gate.enter() == nil)
        #expect(await gate.enter() == nil)
        let order = Order()
        var waiters: [Task<Void, Never>] = []
        for index in 0..<3 {
            waiters.append(
                Task {
                    _ = await gate.enter()
                    await order.add(index)
                })
            // Let each waiter queue before the next, so arrival order is known.
            try await Task.sleep(for: .milliseconds(50))
        }
        let deferral = await gate.enter()
        #expect(deferral?.position == 4)
        #expect((deferral?.retryAfterSeconds ?? 0) >= 1)
        #expect(await order.admitted.isEmpty)
        for _ in 0..<3 {
            await gate.leave()
            try await Task.sleep(for: .milliseconds(50))
        }
        for waiter in waiters { await waiter.value }
        #expect(await order.admitted == [0, 1, 2])
    }
}
