import Synchronization

/// At most ``limit`` requests served at once; the others wait their turn in arrival order.
///
/// Waiting costs a request almost nothing (its connection's task is suspended here, in front of
/// the router, before any deeper frame exists), while a request being served holds the async
/// frames of the router, the middlewares and the route. Five thousand exam-room terminals saving at once would
/// otherwise hold five thousand deep stacks while they queue for the database anyway.
final class InFlightLimit: Sendable {
    /// Requests served at once.
    let limit: Int
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var serving = 0
        var waiting: [Waiter] = []
        var head = 0
        var nextTicket: UInt64 = 0
    }

    private struct Waiter {
        let ticket: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    init(limit: Int) {
        precondition(limit > 0, "the in-flight limit must be positive")
        self.limit = limit
        state = Mutex(State())
    }

    /// Waits until the request may be served; throws `CancellationError` when its task is
    /// cancelled while waiting. Each `enter` that returns is matched by one ``leave()``.
    func enter() async throws {
        let ticket: UInt64? = state.withLock { state in
            if state.serving < limit, state.head == state.waiting.count {
                state.serving += 1
                return nil
            }
            state.nextTicket += 1
            return state.nextTicket
        }
        guard let ticket else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Bool, CancellationError> in
                    // A turn may have come free since the ticket was taken.
                    if state.serving < limit, state.head == state.waiting.count {
                        state.serving += 1
                        return .success(true)
                    }
                    // Cancelled before it queued: the cancellation handler found nothing to remove.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiting.append(Waiter(ticket: ticket, continuation: continuation))
                    return .success(false)
                }
                switch outcome {
                case .success(true): continuation.resume()
                case .success(false): break
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Waiter? in
                guard let index = state.waiting[state.head...].firstIndex(where: { $0.ticket == ticket }) else {
                    return nil
                }
                return state.waiting.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits for a turn, runs `work`, and ends the turn.
    func withTurn<Value>(_ work: () async throws -> Value) async throws -> Value {
        try await enter()
        defer { leave() }
        return try await work()
    }

    /// Ends a turn: the next request waiting is served, or the place is freed.
    func leave() {
        let next = state.withLock { state -> Waiter? in
            guard state.head < state.waiting.count else {
                precondition(state.serving > 0, "a turn was given back that was never taken")
                state.serving -= 1
                return nil
            }
            let next = state.waiting[state.head]
            state.head += 1
            if state.head == state.waiting.count {
                state.waiting.removeAll(keepingCapacity: true)
                state.head = 0
            } else if state.head > 1024, state.head * 2 > state.waiting.count {
                state.waiting.removeFirst(state.head)
                state.head = 0
            }
            return next
        }
        next?.continuation.resume()
    }
}
