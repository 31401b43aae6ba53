import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// Issues and revokes the certificates grading earns (imported ones are written by
/// ``RecordRepository``).
public struct CertificateRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Of `exams`, those the officer has a final pass in (a submitted attempt).
    public func passedExams(
        badge: String, among exams: [String], on connection: PostgresConnection
    ) async throws -> Set<String> {
        let rows = try await connection.query(
            """
            SELECT DISTINCT a.exam_code FROM attempts a
            JOIN officers o ON o.id = a.officer_id JOIN results r ON r.attempt_id = a.id
            WHERE o.badge = \(badge) AND a.exam_code = ANY(\(exams)) AND a.status = 'submitted' AND r.final AND r.passed
            """,
            logger: logger)
        var passed: Set<String> = []
        for try await exam in rows.decode(String.self) { passed.insert(exam) }
        return passed
    }

    /// Issues `certificate` to the officer on `issued`, earned by `attempt`; returns whether a
    /// certificate was issued now (false when the attempt's one stands already).
    public func issue(
        badge: String, certificate: String, issued: CalendarDay, validUntil: CalendarDay?, attempt: Int64,
        on connection: PostgresConnection
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO certificates (officer_id, certificate, issued, valid_until, source, attempt_id)
            SELECT o.id, \(certificate), \(issued.description)::date, \(validUntil?.description)::date, 'exam', \(attempt)
            FROM officers o WHERE o.badge = \(badge)
            ON CONFLICT (officer_id, certificate, issued) DO UPDATE SET
                valid_until = excluded.valid_until, revoked_on = NULL, attempt_id = excluded.attempt_id
            WHERE certificates.source = 'exam'
              AND (certificates.revoked_on IS NOT NULL OR certificates.attempt_id IS DISTINCT FROM excluded.attempt_id)
            RETURNING certificate
            """,
            logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Revokes, on `day`, the certificates `attempt` earned that still stand; returns their codes.
    public func revoke(
        earnedBy attempt: Int64, on day: CalendarDay, on connection: PostgresConnection
    ) async throws
        -> [String]
    {
        let rows = try await connection.query(
            """
            UPDATE certificates SET revoked_on = greatest(\(day.description)::date, issued)
            WHERE attempt_id = \(attempt) AND revoked_on IS NULL RETURNING certificate
            """,
            logger: logger)
        var codes: [String] = []
        for try await code in rows.decode(String.self) { codes.append(code) }
        return codes
    }

    /// The certificates `attempt` earned that still stand.
    public func standing(earnedBy attempt: Int64, on connection: PostgresConnection) async throws -> [String] {
        let rows = try await connection.query(
            "SELECT certificate FROM certificates WHERE attempt_id = \(attempt) AND revoked_on IS NULL",
            logger: logger)
        var codes: [String] = []
        for try await code in rows.decode(String.self) { codes.append(code) }
        return codes
    }
}
