import Foundation
import MusterDomain
import MusterStore

extension UseCases {
    /// Per track: who must hold its certificate on `asOf` (default today), who holds a valid one,
    /// who lacks it and whose expires within `expiringWithin` days, for the officers in the
    /// caller's scope (and in `unit`'s subtree when given).
    ///
    /// - Throws: ``MusterError`` `track_not_found`, `unit_not_found`, `invalid_window`.
    public func compliance(
        unit: String? = nil, track: String? = nil, asOf: CalendarDay? = nil, expiringWithin days: Int = 30,
        context: UseCaseContext
    ) async throws -> ComplianceReport {
        let scope = try context.officerScope(for: .readCompliance)
        guard (0...3650).contains(days) else {
            throw MusterError(.invalidInput, code: "invalid_window", "The expiring window must be 0 to 3650 days.")
        }
        let asOf = asOf ?? context.today
        let officerRepository = OfficerRepository(logger: context.logger)
        return try await transaction(context) { connection in
            var tracks = try await TrackRepository(logger: context.logger).current(on: connection).map(\.track)
            if let track {
                tracks = tracks.filter { $0.code == track }
                guard !tracks.isEmpty else {
                    throw MusterError(.notFound, code: "track_not_found", "There is no track '\(track)'.")
                }
            }
            if let unit { try await officerRepository.requireUnit(unit, on: connection) }
            let officers = try await officerRepository.list(unit: unit, rank: nil, within: scope, on: connection)
            let held = try await RecordRepository(logger: context.logger).certificates(
                badges: officers.map(\.badge), codes: tracks.map(\.certificate.code), on: connection)
            return ComplianceReport(
                officers: officers, tracks: tracks, certificates: held, asOf: asOf, expiringWithinDays: days)
        }
    }
}
