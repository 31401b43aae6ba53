import Foundation
import MusterDomain

/// Signed-in principals by session token hash, kept briefly so that the exam-day hot path (an
/// answer save every few seconds from every terminal) does not read the session table per request.
///
/// An entry lives at most ``lifetime`` and never past its session's expiry. Signing out, changing a
/// password or roles, or disabling an account clears this process's entries at once; another
/// server process notices within ``lifetime``.
actor SessionCache {
    struct Entry {
        var principal: Principal
        var validUntil: Date
    }

    let lifetime: TimeInterval
    let capacity: Int
    private var entries: [String: Entry] = [:]

    init(lifetime: TimeInterval = 15, capacity: Int = 50_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached principal for a token hash at `now`, if still fresh.
    func principal(for hash: String, at now: Date) -> Principal? {
        guard let entry = entries[hash] else { return nil }
        guard entry.validUntil > now else {
            entries[hash] = nil
            return nil
        }
        return entry.principal
    }

    /// Keeps `principal` for `hash` until `now` + lifetime.
    func remember(_ principal: Principal, for hash: String, at now: Date) {
        if entries.count >= capacity { entries = entries.filter { $0.value.validUntil > now } }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[hash] = Entry(principal: principal, validUntil: now.addingTimeInterval(lifetime))
    }

    /// Forgets one session (sign-out).
    func forget(_ hash: String) { entries[hash] = nil }

    /// Forgets every session (a password, role or account change).
    func forgetAll() { entries.removeAll() }
}

/// Immutable facts kept in memory: attempts' owners and forms (a form never changes once drawn),
/// and bank versions (immutable by trigger), so that saves and starts do not read them again.
actor ImmutableCache<Key: Hashable & Sendable, Value: Sendable> {
    let capacity: Int
    private var entries: [Key: Value] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached value for `key`, if any.
    func value(for key: Key) -> Value? { entries[key] }

    /// Keeps `value` for `key`.
    func keep(_ value: Value, for key: Key) {
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }
}

/// An attempt's owner and form, as the save path checks them.
struct OwnedForm: Sendable {
    var badge: String
    var form: AttemptForm
}

/// What one use-case layer keeps in memory for the exam-day hot path: caches of facts that
/// rarely or never change, and the group-commit answer writer. Copies of ``UseCases`` share it.
final class InProcessState: Sendable {
    let sessions = SessionCache()
    let attemptForms = ImmutableCache<Int64, OwnedForm>(capacity: 50_000)
    let bankItems = ImmutableCache<String, [Item]>(capacity: 64)
    let exams = ImmutableCache<String, ExamDefinition>(capacity: 256)
    /// Eligibility engines by the fingerprint of the policy and track versions they were built from.
    let eligibilityEngines = ImmutableCache<String, EligibilityEngine>(capacity: 8)
    let answerWriter: AnswerWriter

    init(answerWriter: AnswerWriter) {
        self.answerWriter = answerWriter
    }
}
