import Logging
import MusterDomain
import PostgresNIO

/// Reads what the promotion rules need about many officers at once: one statement, one row per
/// officer. Each officer's history and record tables are kept aggregated into arrays in
/// `promotion_histories` (rewritten by triggers when records change, migration 0027), so a whole
/// force costs one round trip, no aggregation at read time, and no query per officer or per rule.
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
        if badge == nil { _ = try await connection.query("SET LOCAL jit = off", logger: logger) }
        let rows = try await connection.query(
            """
            WITH RECURSIVE \(reachable: scope), subtree AS (
                SELECT id FROM units WHERE \(unit)::text IS NULL OR code = \(unit)
                UNION SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
            ), chosen AS MATERIALIZED (
                SELECT o.*, u.code AS unit_code FROM officers o JOIN units u ON u.id = o.unit_id
                WHERE o.unit_id IN (SELECT id FROM subtree) AND (\(badge)::text IS NULL OR o.badge = \(badge))
                  AND \(officerIn: scope)
            )
            SELECT c.badge, c.name, c.sex, c.unit_code, c.duty_type, c.rank_code, c.post_code, c.education,
                   c.birth_date - DATE '2000-01-01', c.hire_date - DATE '2000-01-01',
                   c.rank_since - DATE '2000-01-01', c.post_since - DATE '2000-01-01',
                   h.rank_codes, h.rank_days, h.post_codes, h.post_days, h.assessment_years, h.assessment_grades,
                   h.sanction_kinds, h.sanction_starts, h.sanction_ends, h.sanction_revoked,
                   h.merit_kinds, h.merit_days, h.qualification_levels, h.qualification_passed,
                   h.qualification_until, h.certificate_codes, h.certificate_issued, h.certificate_until,
                   h.certificate_revoked, h.college_ranks, h.college_days
            FROM chosen c LEFT JOIN promotion_histories h ON h.officer_id = c.id
            """,
            logger: logger
        )
        var records: [PromotionRecord] = []
        for try await row in rows {
            if let record = try Self.record(row.makeRandomAccess()) { records.append(record) }
        }
        // Sorted here rather than in SQL: sorting 100,000 rows of arrays there costs more.
        records.sort { $0.officer.badge < $1.officer.badge }
        return records
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

    /// The day number standing for "no day" in the arrays (SQL arrays of dates hold no nulls here).
    static let noDay: Int32 = .min

    static func record(_ row: PostgresRandomAccessRow) throws -> PromotionRecord? {
        func text(_ index: Int) throws -> String { try row[index].decode(String.self) }
        func day(_ index: Int) throws -> CalendarDay {
            CalendarDay(daysSince2000: Int(try row[index].decode(Int32.self)))
        }
        func texts(_ index: Int) throws -> [String] { try BinaryArrays.texts(row[index]) }
        func days(_ index: Int) throws -> [CalendarDay?] {
            try BinaryArrays.integers(row[index]).map { $0 == noDay ? nil : CalendarDay(daysSince2000: Int($0)) }
        }
        guard let sex = Sex(rawValue: try text(2)), let duty = Officer.DutyType(rawValue: try text(4)) else {
            return nil
        }
        let officer = Officer(
            badge: try text(0), name: try text(1), sex: sex, birthDate: try day(8), unit: try text(3),
            hireDate: try day(9), dutyType: duty, rank: try text(5), rankSince: try day(10), post: try text(6),
            postSince: try day(11), education: try text(7))
        let history = { (codes: [String], days: [CalendarDay?]) in
            zip(codes, days).compactMap { code, day in day.map { HistoryEntry(code: code, since: $0) } }
        }
        let sanctionKinds = try texts(18), starts = try days(19), ends = try days(20)
        let revoked = try BinaryArrays.booleans(row[21])
        let qualificationLevels = try texts(24), passed = try days(25), qualificationEnds = try days(26)
        let certificateCodes = try texts(27), issued = try days(28), validUntil = try days(29)
        let revokedOn = try days(30)
        return PromotionRecord(
            officer: officer,
            rankHistory: history(try texts(12), try days(13)),
            postHistory: history(try texts(14), try days(15)),
            assessments: zip(try BinaryArrays.integers(row[16]), try texts(17)).map {
                AnnualAssessment(year: Int($0), grade: $1)
            },
            sanctions: sanctionKinds.indices.compactMap { index in
                starts[index].map {
                    SanctionRecord(kind: sanctionKinds[index], starts: $0, ends: ends[index], revoked: revoked[index])
                }
            },
            merits: zip(try texts(22), try days(23)).compactMap { kind, day in
                day.map { MeritAward(kind: kind, awarded: $0) }
            },
            qualifications: qualificationLevels.indices.compactMap { index in
                passed[index].map {
                    QualificationRecord(
                        level: qualificationLevels[index], passed: $0, validUntil: qualificationEnds[index])
                }
            },
            certificates: certificateCodes.indices.compactMap { index in
                issued[index].map {
                    HeldCertificate(
                        badge: officer.badge, code: certificateCodes[index], issued: $0,
                        validUntil: validUntil[index], revokedOn: revokedOn[index])
                }
            },
            collegeTraining: zip(try texts(31), try days(32)).compactMap { rank, day in
                day.map { CollegeTrainingRecord(rank: rank, completed: $0) }
            }
        )
    }
}
