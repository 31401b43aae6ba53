import Logging
import MusterDomain
import PostgresNIO

/// Stores training attendance by its natural key (officer, track, module, day).
public struct AttendanceRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Upserts attendance rows; returns how many were new or changed what was stored.
    public func write(
        badges: [String], tracks: [String], modules: [String], days: [CalendarDay], hours: [Double],
        on connection: PostgresConnection
    ) async throws -> Int {
        guard !badges.isEmpty else { return 0 }
        let rows = try await connection.query(
            """
            INSERT INTO training_attendance (officer_id, track_code, module_code, day, hours)
            SELECT o.id, s.track, s.module, s.day::date, s.hours::numeric
            FROM unnest(\(badges), \(tracks), \(modules), \(days.map(\.description)), \(hours))
                AS s(badge, track, module, day, hours)
            JOIN officers o ON o.badge = s.badge
            ON CONFLICT (officer_id, track_code, module_code, day) DO UPDATE SET hours = excluded.hours
            WHERE training_attendance.hours IS DISTINCT FROM excluded.hours
            RETURNING 1
            """,
            logger: logger
        )
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Stored hours per (badge, day, track, module) on these officers' days, keyed
    /// `badge|day|track|module`.
    public func dayHours(badges: [String], on connection: PostgresConnection) async throws -> [String: Double] {
        let rows = try await connection.query(
            """
            SELECT o.badge || '|' || a.day::text || '|' || a.track_code || '|' || a.module_code, a.hours::float8
            FROM training_attendance a JOIN officers o ON o.id = a.officer_id WHERE o.badge = ANY(\(badges))
            """,
            logger: logger
        )
        var hours: [String: Double] = [:]
        for try await (key, value) in rows.decode((String, Double).self) { hours[key] = value }
        return hours
    }
}

extension AttendanceRepository {
    /// Hours attended per module of `track`, by badge then module code.
    public func moduleHours(
        badges: [String], track: String, on connection: PostgresConnection
    ) async throws -> [String: [String: Double]] {
        let rows = try await connection.query(
            """
            SELECT o.badge, a.module_code, sum(a.hours)::float8
            FROM training_attendance a JOIN officers o ON o.id = a.officer_id
            WHERE o.badge = ANY(\(badges)) AND a.track_code = \(track)
            GROUP BY o.badge, a.module_code
            """,
            logger: logger
        )
        var hours: [String: [String: Double]] = [:]
        for try await (badge, module, total) in rows.decode((String, String, Double).self) {
            hours[badge, default: [:]][module] = total
        }
        return hours
    }
}
