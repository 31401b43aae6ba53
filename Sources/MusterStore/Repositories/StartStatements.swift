import Foundation
import PostgresNIO

// The statements of an exam start and of the session read before it, prepared once per
// connection. Thousands of candidates press start in the same minute, and PostgreSQL spent more
// time planning these small joins afresh for each of them than running them.

/// A candidate's place in a sitting: the sitting and their extra minutes (see
/// ``SittingRepository/place(sitting:badge:on:)``).
struct SittingPlaceStatement: PostgresPreparedStatement {
    typealias Row = (
        Int64, String, String, Int, String, String, Int, Date, Date, String, String?, String, String?, Int, Int
    )

    static let name = "muster_sitting_place_v1"

    static let sql = """
        SELECT \(SittingRepository.columns), e.accommodation_minutes
        FROM \(SittingRepository.source)
        JOIN sitting_enrollments e ON e.sitting_id = s.id AND e.status = 'enrolled'
        JOIN officers o ON o.id = e.officer_id
        WHERE s.code = $1 AND o.badge = $2
        """

    var sitting: String
    var badge: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(sitting)
        bindings.append(badge)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// Every attempt an officer has had at an exam, oldest first (see
/// ``AttemptRepository/attempts(badge:exam:on:)``).
struct OfficerAttemptsStatement: PostgresPreparedStatement {
    typealias Row = AttemptRepository.Row

    static let name = "muster_officer_attempts_v1"

    static let sql = """
        SELECT \(AttemptRepository.columns) FROM \(AttemptRepository.source)
        WHERE o.badge = $1 AND a.exam_code = $2
        ORDER BY a.attempt_number
        """

    var badge: String
    var exam: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(badge)
        bindings.append(exam)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// A new attempt with its drawn form; its id comes back (see
/// ``AttemptRepository/insert(sittingID:badge:exam:examVersion:number:form:admittedAt:deadline:on:)``).
struct AttemptInsertStatement: PostgresPreparedStatement {
    typealias Row = Int64

    static let name = "muster_attempt_insert_v1"

    static let sql = """
        INSERT INTO attempts (sitting_id, officer_id, exam_code, exam_version, attempt_number, form,
                              admitted_at, deadline)
        SELECT $1, o.id, $2, $3, $4, $5::json, $6, $7
        FROM officers o WHERE o.badge = $8
        RETURNING id
        """

    var sittingID: Int64
    var exam: String
    var examVersion: Int
    var number: Int
    var formJSON: String
    var admittedAt: Date
    var deadline: Date
    var badge: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(sittingID)
        bindings.append(exam)
        bindings.append(examVersion)
        bindings.append(number)
        bindings.append(formJSON)
        bindings.append(admittedAt)
        bindings.append(deadline)
        bindings.append(badge)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// The principal behind a live session (see ``UserRepository/principal(tokenHash:at:on:)``):
/// read by the first request of every terminal that has just signed in.
struct SessionPrincipalStatement: PostgresPreparedStatement {
    typealias Row = (Int64, String, String, String?, [String], [String])

    static let name = "muster_session_principal_v1"

    static let sql = """
        SELECT u.id, u.username, u.display_name, u.badge,
               COALESCE(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}'),
               COALESCE(array_agg(COALESCE(r.unit_scope, '') ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
        FROM sessions s
        JOIN users u ON u.id = s.user_id
        LEFT JOIN user_roles r ON r.user_id = u.id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT u.disabled
        GROUP BY u.id
        """

    var tokenHash: String
    var instant: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(tokenHash)
        bindings.append(instant)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
