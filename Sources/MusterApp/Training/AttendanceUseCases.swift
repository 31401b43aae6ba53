import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import PostgresNIO

/// What an attendance import did.
public struct AttendanceImportReport: Sendable, Codable, Equatable {
    public var file: String
    public var dryRun: Bool
    /// Rows in the file.
    public var rows: Int
    /// Rows that were new or changed what was stored (counted by writing, also in a dry run).
    public var written: Int
    /// The hours the file records.
    public var hours: Double
}

/// The audit log's summary of an attendance import.
struct AttendanceImportAudit: Codable, Sendable {
    var rows: Int
    var written: Int
    var hours: Double
}

extension UseCases {
    /// Rows that would give an officer more than 24 hours on a day, with what is stored for the
    /// day's other modules (a row replaces what is stored under its own key).
    static func overfullDays(
        _ rows: [AttendanceRow], file: String, stored: AttendanceRepository, on connection: PostgresConnection
    ) async throws -> [Diagnostic] {
        var totals = try await stored.dayHours(badges: Array(Set(rows.map(\.badge))), on: connection)
        for row in rows { totals["\(row.badge)|\(row.day)|\(row.track)|\(row.module)"] = row.hours }
        var byDay: [String: Double] = [:]
        for (key, hours) in totals {
            let parts = key.split(separator: "|")
            byDay["\(parts[0])|\(parts[1])", default: 0] += hours
        }
        var reported: Set<String> = []
        return rows.compactMap { row in
            let day = "\(row.badge)|\(row.day)"
            guard let total = byDay[day], total > 24, reported.insert(day).inserted else { return nil }
            return Diagnostic(
                .error, at: SourcePosition(file: file, line: row.line, column: row.columns["hours"] ?? 1),
                "officer \(row.badge) would have \(total) hours on \(row.day); a day has at most 24")
        }
    }

    /// Imports training attendance (`badge,track,module,date,hours`), all or nothing, by natural
    /// key (re-importing changes nothing); officers must be in the trainer's scope, tracks in force
    /// and modules theirs.
    ///
    /// - Throws: ``MusterError`` `training_rejected` listing every problem as `file:line:column: …`.
    public func importAttendance(
        _ source: SourceFile, dryRun: Bool = false, context: UseCaseContext
    ) async throws
        -> AttendanceImportReport
    {
        let scope = try context.officerScope(for: .importTraining)
        let (rows, diagnostics) = AttendanceCSVParser().parse(source.text, file: source.fileName, today: context.today)
        let officers = OfficerRepository(logger: context.logger)
        let attendance = AttendanceRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let tracks = Dictionary(
                try await TrackRepository(logger: context.logger).current(on: connection).map {
                    ($0.track.code, Set($0.track.modules.map(\.code)))
                },
                uniquingKeysWith: { first, _ in first })
            let reachable = try await officers.badges(Array(Set(rows.map(\.badge))), within: scope, on: connection)
            var problems: [Diagnostic] = []
            for row in rows {
                let at = { (column: String) in
                    SourcePosition(file: source.fileName, line: row.line, column: row.columns[column] ?? 1)
                }
                if !reachable.contains(row.badge) {
                    problems.append(
                        Diagnostic(.error, at: at("badge"), "no officer with badge '\(row.badge)' in your scope"))
                }
                if let modules = tracks[row.track] {
                    if !modules.contains(row.module) {
                        problems.append(
                            Diagnostic(
                                .error, at: at("module"),
                                "track \(row.track) has no module '\(row.module)'; its modules are \(modules.sorted().joined(separator: ", "))"
                            ))
                    }
                } else {
                    problems.append(
                        Diagnostic(
                            .error, at: at("track"),
                            "no track '\(row.track)' is in force: \(tracks.keys.sorted().joined(separator: ", "))"))
                }
            }
            problems += try await Self.overfullDays(rows, file: source.fileName, stored: attendance, on: connection)
            try MusterError.rejectingErrors(
                in: (diagnostics + problems).sortedByPosition(), code: "training_rejected", file: source.fileName)
            var report = AttendanceImportReport(
                file: (source.fileName as NSString).lastPathComponent, dryRun: dryRun, rows: rows.count, written: 0,
                hours: rows.map(\.hours).reduce(0, +))
            let write = {
                try await attendance.write(
                    badges: rows.map(\.badge), tracks: rows.map(\.track), modules: rows.map(\.module),
                    days: rows.map(\.day), hours: rows.map(\.hours), on: connection)
            }
            if dryRun {
                report.written = try await DryRun.undoing(on: connection, logger: context.logger) { try await write() }
                return report
            }
            report.written = try await write()
            if report.written > 0 {
                try await context.audit(on: connection).record(
                    "training.import", "training", report.file,
                    after: AttendanceImportAudit(rows: report.rows, written: report.written, hours: report.hours))
            }
            return report
        }
    }
}
