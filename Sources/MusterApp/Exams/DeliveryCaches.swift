import Foundation
import MusterDomain
import Synchronization

/// Signed-in principals by session token hash, kept briefly so that the exam-day hot path (an
/// answer save every few seconds from every terminal) does not read the session table per request.
///
/// An entry lives at most ``lifetime``. Somewhere in the second half of its life (a point drawn at
/// random for each entry, so that a room signed in together is not checked again all at once)
/// the request that finds it is still answered from memory, but asks for the session to be read
/// again in the background (``Lookup/refresh(_:)``); a terminal that keeps saving never waits for
/// the session table, and an entry is never used past its lifetime. Signing out, changing a
/// password or roles, or disabling an account clears this process's entries at once; another
/// server process notices within ``lifetime``.
///
/// A lock rather than an actor guards the entries: every request looks its session up, and the
/// critical sections are a dictionary read or write, far shorter than a hop to an actor and back.
final class SessionCache: Sendable {
    struct Entry {
        var principal: Principal
        var refreshAfter: Date
        var validUntil: Date
        var refreshing = false
    }

    /// What the cache holds for a token.
    enum Lookup {
        /// Nothing usable: read the session.
        case missing
        case fresh(Principal)
        /// Usable, and this caller should read the session again in the background.
        case refresh(Principal)
    }

    /// The entries, and a count of the forgettings: a session read that began before one is
    /// not kept, since the sign-out or change it may have missed has already happened.
    private struct State {
        var entries: [String: Entry] = [:]
        var forgettings = 0
    }

    let lifetime: TimeInterval
    let capacity: Int
    private let state = Mutex(State())

    init(lifetime: TimeInterval = 15, capacity: Int = 50_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// A mark to take before reading a session, for ``remember(_:for:at:readSince:)``.
    var mark: Int { state.withLock { $0.forgettings } }

    /// The cached principal for a token hash at `now`, and whether to refresh it.
    func lookup(_ hash: String, at now: Date) -> Lookup {
        state.withLock { state in
            guard let entry = state.entries[hash] else { return .missing }
            guard entry.validUntil > now else {
                state.entries[hash] = nil
                return .missing
            }
            guard entry.refreshAfter <= now, !entry.refreshing else { return .fresh(entry.principal) }
            state.entries[hash]?.refreshing = true
            return .refresh(entry.principal)
        }
    }

    /// Keeps `principal` for `hash` until `now` + lifetime, unless something was forgotten since
    /// `mark` was taken (the read may predate a sign-out); returns whether it was kept.
    @discardableResult
    func remember(_ principal: Principal, for hash: String, at now: Date, readSince mark: Int) -> Bool {
        let refreshAfter = now.addingTimeInterval(lifetime * Double.random(in: 0.5..<0.8))
        return state.withLock { state in
            guard state.forgettings == mark else {
                state.entries[hash] = nil
                return false
            }
            if state.entries.count >= capacity { state.entries = state.entries.filter { $0.value.validUntil > now } }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[hash] = Entry(
                principal: principal, refreshAfter: refreshAfter, validUntil: now.addingTimeInterval(lifetime))
            return true
        }
    }

    /// Drops an entry whose session a read found gone (nothing changed: reads in flight stand).
    func drop(_ hash: String) { state.withLock { _ = $0.entries.removeValue(forKey: hash) } }

    /// Forgets one session (sign-out).
    func forget(_ hash: String) {
        state.withLock { state in
            state.entries[hash] = nil
            state.forgettings += 1
        }
    }

    /// Forgets every session (a password, role or account change).
    func forgetAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.forgettings += 1
        }
    }
}

/// Immutable facts kept in memory: attempts' owners and forms (a form never changes once drawn),
/// and bank versions (immutable by trigger), so that saves and starts do not read them again.
///
/// Guarded by a lock, like ``SessionCache``: each save reads its attempt's form from here.
final class ImmutableCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let capacity: Int
    private let entries = Mutex<[Key: Value]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached value for `key`, if any.
    func value(for key: Key) -> Value? { entries.withLock { $0[key] } }

    /// Keeps `value` for `key`.
    func keep(_ value: Value, for key: Key) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }
}

/// A bank version's items in the bank's order, and the catalog forms and grades look them up in.
struct BankVersionItems: Sendable {
    var items: [Item]
    var catalog: ItemCatalog
}

/// An attempt's owner and form, as the save path checks them.
struct OwnedForm: Sendable {
    var badge: String
    var form: AttemptForm
}

/// One shared copy of each option order the kept forms hold: a four-option item has only 24
/// orders, so thousands of open attempts' forms need not each keep an array per item. Grading
/// still reads plain arrays.
final class OptionOrders: Sendable {
    private let shared = Mutex<[[Int]: [Int]]>([:])
    /// Orders kept at most; past this, forms keep their own (the table never grows unbounded).
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// `form` with each entry's option order replaced by the shared copy of an equal one.
    func sharing(_ form: AttemptForm) -> AttemptForm {
        var form = form
        shared.withLock { table in
            for index in form.entries.indices where !form.entries[index].optionOrder.isEmpty {
                let order = form.entries[index].optionOrder
                if let kept = table[order] {
                    form.entries[index].optionOrder = kept
                } else if table.count < capacity {
                    table[order] = order
                }
            }
        }
        return form
    }
}

/// What one use-case layer keeps in memory for the exam-day hot path: caches of facts that
/// rarely or never change, and the group-commit answer writer. Copies of ``UseCases`` share it.
final class InProcessState: Sendable {
    let sessions = SessionCache()
    let attemptForms = ImmutableCache<Int64, OwnedForm>(capacity: 50_000)
    let optionOrders = OptionOrders()
    let bankVersions = ImmutableCache<String, BankVersionItems>(capacity: 64)
    let exams = ImmutableCache<String, ExamDefinition>(capacity: 256)
    /// Eligibility engines by the fingerprint of the policy and track versions they were built from.
    let eligibilityEngines = ImmutableCache<String, EligibilityEngine>(capacity: 8)
    let answerWriter: AnswerWriter

    init(answerWriter: AnswerWriter) {
        self.answerWriter = answerWriter
    }
}
