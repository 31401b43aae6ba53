import Foundation
import Logging
import MusterDomain
import PostgresNIO
import Synchronization

/// Reads what the promotion rules need about many officers at once: one statement, one row per
/// officer. Each officer's history and record tables are kept aggregated into one JSON document
/// in `promotion_histories` (rewritten by triggers when a transaction that changed records
/// commits, migration 0027), so a whole force costs one round trip, no aggregation at read time,
/// and no query per officer or per rule.
public struct PromotionRecordRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The records of the officers the scope reaches, in `unit`'s subtree (all when nil), or of
    /// the one officer `badge` (when given), by badge.
    public func records(
        unit: String?, badge: String?, within scope: OfficerScope, on connection: PostgresConnection
    ) async throws -> [PromotionRecord] {
        try await evaluate(unit: unit, badge: badge, within: scope, on: connection) { $0 }
            .sorted { $0.officer.badge < $1.officer.badge }
    }

    /// `transform` of each record the scope reaches (as ``records(unit:badge:within:on:)``
    /// selects them), in the order the rows arrive (which SQL does not fix).
    ///
    /// Rows are read in batches, and each batch is decoded and transformed on a task of its own
    /// while later rows arrive: for a whole force, PostgreSQL's sending, the decoding and the
    /// transform (the eligibility engine) overlap.
    public func evaluate<Result: Sendable>(
        unit: String?, badge: String?, within scope: OfficerScope, on connection: PostgresConnection,
        batchSize: Int = 2_000, _ transform: @escaping @Sendable (PromotionRecord) -> Result
    ) async throws -> [Result] {
        if badge == nil {
            // A whole force's rows are joined by hash in memory, without JIT compilation (one
            // round trip: SET takes one setting per statement).
            _ = try await connection.query(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)", logger: logger)
        }
        // Officers whose records this transaction has changed: their kept rows are rewritten at
        // commit, so they are computed here (other transactions' due rows are invisible). Read
        // first and apart (almost always none), so the officers' rows stream from the first one:
        // joined in the statement below, the function's rows made PostgreSQL sort the whole
        // force before sending anything.
        var ownDueRows: [Int64: ByteBuffer] = [:]
        for try await row in try await connection.query(
            "SELECT officer_id, records FROM own_due_promotion_histories()", logger: logger)
        {
            let columns = row.makeRandomAccess()
            ownDueRows[try columns[0].decode(Int64.self)] = columns[1].bytes
        }
        let ownDue = ownDueRows
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope), subtree AS (
                SELECT id FROM units WHERE \(unit)::text IS NULL OR code = \(unit)
                UNION SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
            )
            SELECT o.badge, o.name, o.sex, u.code, o.duty_type, o.rank_code, o.post_code, o.education,
                   o.birth_date - DATE '2000-01-01', o.hire_date - DATE '2000-01-01',
                   o.rank_since - DATE '2000-01-01', o.post_since - DATE '2000-01-01',
                   h.records, o.id
            FROM officers o JOIN units u ON u.id = o.unit_id
            LEFT JOIN promotion_histories h ON h.officer_id = o.id
            WHERE o.unit_id IN (SELECT id FROM subtree) AND (\(badge)::text IS NULL OR o.badge = \(badge))
              AND \(officerIn: scope)
            """,
            logger: logger
        )
        // Batches are judged while later rows arrive, but on one core fewer than the machine
        // has: the task reading rows needs a thread of Swift's pool each time rows arrive, and
        // PostgreSQL and the connection's event loop want the rest. Once every row is in, the
        // batches still waiting are judged on every core.
        let whileReading = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        let running = RunningCount()
        return try await withThrowingTaskGroup(of: (Int, [Result]).self) { group in
            var handed = 0
            var waiting: [[PostgresRow]] = []
            var batch: [PostgresRow] = []
            batch.reserveCapacity(batchSize)
            func hand(_ rows: [PostgresRow]) {
                running.count.withLock { $0 += 1 }
                let number = handed
                handed += 1
                group.addTask {
                    defer { running.count.withLock { $0 -= 1 } }
                    try Task.checkCancellation()
                    return (
                        number,
                        try rows.compactMap { try Self.record($0.makeRandomAccess(), ownDue: ownDue).map(transform) }
                    )
                }
            }
            for try await row in rows {
                batch.append(row)
                guard batch.count == batchSize else { continue }
                waiting.append(batch)
                batch.removeAll(keepingCapacity: true)
                while !waiting.isEmpty, running.count.withLock({ $0 }) < whileReading { hand(waiting.removeFirst()) }
            }
            if !batch.isEmpty { waiting.append(batch) }
            for rows in waiting { hand(rows) }
            var parts: [(Int, [Result])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// A text that changes whenever the rules an eligibility engine is built from change: the
    /// active policy version's content hash and every stored track version (both immutable).
    public func rulesFingerprint(on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query(
            """
            SELECT COALESCE((SELECT p.content_hash FROM active_policy a JOIN policies p ON p.id = a.policy_id), 'default')
                || '|' || COALESCE((SELECT string_agg(code || ':' || version, ',' ORDER BY code, version)
                                    FROM track_versions), '')
            """,
            logger: logger
        )
        for try await fingerprint in rows.decode(String.self) { return fingerprint }
        return ""
    }

    /// The record in `row` (as ``evaluate(unit:badge:within:on:batchSize:_:)`` selects it), with
    /// the officer's kept document replaced by the one in `ownDue` when there is one.
    static func record(_ row: PostgresRandomAccessRow, ownDue: [Int64: ByteBuffer]) throws -> PromotionRecord? {
        func text(_ index: Int) throws -> String { try row[index].decode(String.self) }
        func day(_ index: Int) throws -> CalendarDay {
            CalendarDay(daysSince2000: Int(try row[index].decode(Int32.self)))
        }
        guard let sex = Sex(rawValue: try text(2)), let duty = Officer.DutyType(rawValue: try text(4)) else {
            return nil
        }
        let officer = Officer(
            badge: try text(0), name: try text(1), sex: sex, birthDate: try day(8), unit: try text(3),
            hireDate: try day(9), dutyType: duty, rank: try text(5), rankSince: try day(10), post: try text(6),
            postSince: try day(11), education: try text(7))
        // No kept row: an officer with no records yet.
        let document = ownDue.isEmpty ? row[12].bytes : try ownDue[row[13].decode(Int64.self)] ?? row[12].bytes
        guard let document else { return PromotionRecord(officer: officer) }
        guard
            let record = document.withUnsafeReadableBytes({ bytes in
                PromotionHistoryJSON.record(bytes.assumingMemoryBound(to: UInt8.self), officer: officer)
            })
        else { throw MalformedPromotionHistory(badge: officer.badge) }
        return record
    }
}

/// A kept `promotion_histories` row not in the shape migration 0027 writes (a bug, or a row
/// written by hand): the read stops rather than judge the officer on part of their record.
struct MalformedPromotionHistory: Error, CustomStringConvertible {
    let badge: String

    var description: String { "The kept promotion records of officer \(badge) are not in the expected form." }
}

/// How many batches are being judged (shared by the reading task and the batches' tasks).
private final class RunningCount: Sendable {
    let count = Mutex(0)
}
