import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Writes HR records by their natural keys, in one statement per import.
public struct RecordRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The certificates with these codes held by these officers, revoked ones included.
    public func certificates(
        badges: [String], codes: [String], on connection: PostgresConnection
    ) async throws -> [HeldCertificate] {
        let rows = try await connection.query(
            """
            SELECT o.badge, t.certificate, t.issued::text, t.valid_until::text, t.revoked_on::text
            FROM certificates t JOIN officers o ON o.id = t.officer_id
            WHERE o.badge = ANY(\(badges)) AND t.certificate = ANY(\(codes))
            """,
            logger: logger
        )
        var held: [HeldCertificate] = []
        for try await (badge, code, issued, until, revoked) in rows.decode(
            (String, String, String, String?, String?).self)
        {
            guard let issuedDay = CalendarDay(issued) else { continue }
            held.append(
                HeldCertificate(
                    badge: badge, code: code, issued: issuedDay, validUntil: until.flatMap(CalendarDay.init),
                    revokedOn: revoked.flatMap(CalendarDay.init)))
        }
        return held
    }

    /// Upserts rows of `kind`; returns how many rows were inserted or changed.
    public func write(
        _ kind: RecordKindName, rows: [RecordValues], on connection: PostgresConnection
    ) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let badges = rows.map(\.badge), codes = rows.map(\.code)
        let days = rows.map { $0.day?.description ?? "" }, ends = rows.map { $0.endDay?.description ?? "" }
        let years = rows.map { $0.year ?? 0 }, revoked = rows.map(\.revoked)
        let sql: String
        let binds: [any PostgresEncodable]
        switch kind {
        case .assessments, .qualityAssessments:
            let table = kind == .assessments ? "assessments" : "quality_assessments"
            sql = """
                INSERT INTO \(table) (officer_id, year, grade)
                SELECT o.id, s.year, s.code FROM unnest($1::text[], $2::text[], $3::int[]) AS s(badge, code, year)
                JOIN officers o ON o.badge = s.badge
                ON CONFLICT (officer_id, year) DO UPDATE SET grade = excluded.grade
                WHERE \(table).grade IS DISTINCT FROM excluded.grade
                RETURNING 1
                """
            binds = [badges, codes, years]
        case .sanctions:
            sql = """
                INSERT INTO sanctions (officer_id, kind, starts, ends, revoked)
                SELECT o.id, s.code, s.day::date, NULLIF(s.ends, '')::date, s.revoked
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[]) AS s(badge, code, day, ends, revoked)
                JOIN officers o ON o.badge = s.badge
                ON CONFLICT (officer_id, kind, starts) DO UPDATE SET ends = excluded.ends, revoked = excluded.revoked
                WHERE (sanctions.ends, sanctions.revoked) IS DISTINCT FROM (excluded.ends, excluded.revoked)
                RETURNING 1
                """
            binds = [badges, codes, days, ends, revoked]
        case .merits:
            sql = """
                INSERT INTO merits (officer_id, kind, awarded)
                SELECT o.id, s.code, s.day::date FROM unnest($1::text[], $2::text[], $3::text[]) AS s(badge, code, day)
                JOIN officers o ON o.badge = s.badge
                ON CONFLICT DO NOTHING
                RETURNING 1
                """
            binds = [badges, codes, days]
        case .qualifications:
            sql = """
                INSERT INTO qualifications (officer_id, level, passed, valid_until)
                SELECT o.id, s.code, s.day::date, NULLIF(s.ends, '')::date
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS s(badge, code, day, ends)
                JOIN officers o ON o.badge = s.badge
                ON CONFLICT (officer_id, level, passed) DO UPDATE SET valid_until = excluded.valid_until
                WHERE qualifications.valid_until IS DISTINCT FROM excluded.valid_until
                RETURNING 1
                """
            binds = [badges, codes, days, ends]
        case .satisfaction:
            sql = """
                INSERT INTO satisfaction_scores (officer_id, quarter, score)
                SELECT o.id, s.quarter, s.score FROM unnest($1::text[], $2::text[], $3::float8[]) AS s(badge, quarter, score)
                JOIN officers o ON o.badge = s.badge
                ON CONFLICT (officer_id, quarter) DO UPDATE SET score = excluded.score
                WHERE satisfaction_scores.score IS DISTINCT FROM excluded.score
                RETURNING 1
                """
            binds = [badges, codes, rows.map { $0.score ?? 0 }]
        case .certificates:
            sql = """
                INSERT INTO certificates (officer_id, certificate, issued, valid_until, revoked_on)
                SELECT o.id, s.code, s.day::date, NULLIF(s.ends, '')::date, NULLIF(s.revoked, '')::date
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS s(badge, code, day, ends, revoked)
                JOIN officers o ON o.badge = s.badge
                ON CONFLICT (officer_id, certificate, issued) DO UPDATE
                    SET valid_until = excluded.valid_until,
                        revoked_on = COALESCE(excluded.revoked_on, certificates.revoked_on)
                WHERE (certificates.valid_until, certificates.revoked_on)
                      IS DISTINCT FROM (excluded.valid_until, COALESCE(excluded.revoked_on, certificates.revoked_on))
                RETURNING 1
                """
            binds = [badges, codes, days, ends, rows.map { $0.revokedOn?.description ?? "" }]
        case .collegeTraining:
            sql = """
                INSERT INTO college_training (officer_id, rank_code, completed)
                SELECT o.id, s.code, s.day::date FROM unnest($1::text[], $2::text[], $3::text[]) AS s(badge, code, day)
                JOIN officers o ON o.badge = s.badge
                ON CONFLICT DO NOTHING
                RETURNING 1
                """
            binds = [badges, codes, days]
        case .rankChanges, .postChanges:
            let (table, column) = kind == .rankChanges ? ("rank_history", "rank") : ("post_history", "post")
            sql = """
                WITH added AS (
                    INSERT INTO \(table) (officer_id, \(column)_code, since)
                    SELECT o.id, s.code, s.day::date FROM unnest($1::text[], $2::text[], $3::text[]) AS s(badge, code, day)
                    JOIN officers o ON o.badge = s.badge
                    ON CONFLICT DO NOTHING
                    RETURNING officer_id, \(column)_code, since
                ), latest AS (
                    SELECT DISTINCT ON (officer_id) officer_id, \(column)_code AS code, since FROM added
                    ORDER BY officer_id, since DESC
                )
                UPDATE officers o SET \(column)_code = l.code, \(column)_since = l.since, updated_at = now()
                FROM latest l WHERE o.id = l.officer_id AND l.since >= o.\(column)_since
                RETURNING o.id
                """
            binds = [badges, codes, days]
        }
        var bindings = PostgresBindings()
        for value in binds { try bindings.append(value, context: .default) }
        return try await count(connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger))
    }

    /// The stored values of updatable records for these badges, keyed like ``RecordValues/key(for:)``.
    public func existingValues(
        _ kind: RecordKindName, badges: [String], on connection: PostgresConnection
    ) async throws
        -> [String: String]
    {
        let sql: String
        switch kind {
        case .assessments, .qualityAssessments:
            let table = kind == .assessments ? "assessments" : "quality_assessments"
            sql =
                "SELECT o.badge || '|' || t.year, t.grade FROM \(table) t JOIN officers o ON o.id = t.officer_id WHERE o.badge = ANY($1)"
        case .sanctions:
            sql = """
                SELECT o.badge || '|' || t.kind || '|' || t.starts::text, COALESCE(t.ends::text, '') || '|' || t.revoked::text
                FROM sanctions t JOIN officers o ON o.id = t.officer_id WHERE o.badge = ANY($1)
                """
        case .qualifications:
            sql = """
                SELECT o.badge || '|' || t.level || '|' || t.passed::text, COALESCE(t.valid_until::text, '')
                FROM qualifications t JOIN officers o ON o.id = t.officer_id WHERE o.badge = ANY($1)
                """
        case .satisfaction:
            sql = """
                SELECT o.badge || '|' || t.quarter, t.score::text
                FROM satisfaction_scores t JOIN officers o ON o.id = t.officer_id WHERE o.badge = ANY($1)
                """
        case .certificates:
            sql = """
                SELECT o.badge || '|' || t.certificate || '|' || t.issued::text,
                       COALESCE(t.valid_until::text, '') || '|' || COALESCE(t.revoked_on::text, '')
                FROM certificates t JOIN officers o ON o.id = t.officer_id WHERE o.badge = ANY($1)
                """
        case .merits, .rankChanges, .postChanges, .collegeTraining:
            return [:]
        }
        var bindings = PostgresBindings()
        try bindings.append(badges, context: .default)
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        var values: [String: String] = [:]
        for try await (key, value) in rows.decode((String, String).self) { values[key] = value }
        return values
    }

    private func count(_ rows: PostgresRowSequence) async throws -> Int {
        var total = 0
        for try await _ in rows { total += 1 }
        return total
    }
}

/// The record kinds the repository writes (mirrors the import file kinds).
public enum RecordKindName: Sendable {
    case assessments, sanctions, merits, qualifications, rankChanges, postChanges, qualityAssessments, satisfaction
    case certificates, collegeTraining
}

/// One record's values, ready to write.
public struct RecordValues: Sendable {
    public var badge: String
    public var code: String
    public var day: CalendarDay?
    public var endDay: CalendarDay?
    public var year: Int?
    public var revoked: Bool
    public var score: Double?
    /// The day a certificate was revoked.
    public var revokedOn: CalendarDay?

    /// The record's natural key and its updatable value, in the form ``RecordRepository/existingValues(_:badges:on:)`` reads.
    public func keyAndValue(for kind: RecordKindName) -> (key: String, value: String)? {
        switch kind {
        case .assessments, .qualityAssessments: ("\(badge)|\(year ?? 0)", code)
        case .sanctions: ("\(badge)|\(code)|\(day?.description ?? "")", "\(endDay?.description ?? "")|\(revoked)")
        case .qualifications: ("\(badge)|\(code)|\(day?.description ?? "")", endDay?.description ?? "")
        case .satisfaction: ("\(badge)|\(code)", score.map { "\($0)" } ?? "")
        case .certificates:
            (
                "\(badge)|\(code)|\(day?.description ?? "")",
                "\(endDay?.description ?? "")|\(revokedOn?.description ?? "")"
            )
        case .merits, .rankChanges, .postChanges, .collegeTraining: nil
        }
    }

    public init(
        badge: String,
        code: String,
        day: CalendarDay?,
        endDay: CalendarDay?,
        year: Int?,
        revoked: Bool,
        score: Double? = nil,
        revokedOn: CalendarDay? = nil
    ) {
        self.badge = badge
        self.code = code
        self.day = day
        self.endDay = endDay
        self.year = year
        self.revoked = revoked
        self.score = score
        self.revokedOn = revokedOn
    }
}
