import Foundation

/// Admits exam starts at a controlled rate: at most ``slots`` starts run at once, the rest wait
/// in arrival order, and beyond ``queueLimit`` waiting a caller is told its place and when to
/// come back instead of being admitted. Thousands of candidates pressing start in the same second
/// are then all admitted, in order, without exhausting the database pool; each one's time counts
/// from their admission.
actor AdmissionGate {
    /// Starts running at once.
    let slots: Int
    /// Callers that may wait; beyond them a caller is asked to come back later.
    let queueLimit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var head = 0
    /// Recent admissions, for the estimated wait.
    private var admissions: [ContinuousClock.Instant] = []

    init(slots: Int = 12, queueLimit: Int = 20_000) {
        self.slots = slots
        self.queueLimit = queueLimit
    }

    /// What a caller who cannot wait is told.
    struct Deferral: Sendable {
        var position: Int
        var retryAfterSeconds: Int
    }

    /// Waits for a slot; returns a deferral instead when the queue is full.
    func enter() async -> Deferral? {
        if running < slots {
            running += 1
            recordAdmission()
            return nil
        }
        let queued = waiting.count - head
        guard queued < queueLimit else {
            return Deferral(position: queued + 1, retryAfterSeconds: estimatedWait(forPosition: queued + 1))
        }
        await withCheckedContinuation { waiting.append($0) }
        recordAdmission()
        return nil
    }

    /// Gives the slot to the next caller waiting, or frees it.
    func leave() {
        if head < waiting.count {
            let next = waiting[head]
            head += 1
            if head > 1024, head * 2 > waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            next.resume()
        } else {
            running -= 1
        }
    }

    /// Seconds until the caller at `position` is likely admitted, from the last second's rate.
    func estimatedWait(forPosition position: Int) -> Int {
        let now = ContinuousClock.now
        let recent = admissions.filter { now - $0 < .seconds(1) }.count
        return max(1, Int((Double(position) / Double(max(recent, 1))).rounded(.up)))
    }

    private func recordAdmission() {
        admissions.append(ContinuousClock.now)
        if admissions.count > 4096 { admissions.removeFirst(admissions.count - 2048) }
    }
}
