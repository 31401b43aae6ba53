import Foundation
import MusterDomain
import MusterFormats
import MusterStore

/// What a roster import did, or would do with `--dry-run`.
public struct RosterImportReport: Sendable, Codable, Equatable {
    public var file: String
    public var dryRun: Bool
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
}

/// An officer with their rank and post history, as `officers show` prints it.
public struct OfficerRecord: Sendable, Codable {
    public var officer: Officer
    public var age: Int
    public var rankHistory: [HistoryEntry]
    public var postHistory: [HistoryEntry]
}

extension UseCases {
    /// The calendar day today, by the injected clock (UTC+8, the bureau's local time).
    public var today: CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: clock.now())
        return CalendarDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Imports a roster CSV, all or nothing: new officers are added, changed ones updated (their
    /// new rank or post added to history), identical ones left alone, so re-importing a file
    /// changes nothing.
    ///
    /// - Throws: ``MusterError`` `roster_rejected` listing every problem as `file:line:column: …`.
    public func importOfficers(
        _ source: BankSource, dryRun: Bool = false, actor: Actor
    ) async throws -> RosterImportReport {
        let parsed = RosterCSVParser().parse(source.text, file: source.fileName, today: today)
        try Self.reject(parsed.diagnostics.errors, file: source.fileName)
        let policy = try await activePolicy().policy
        let repository = OfficerRepository(logger: logger)
        let audit = AuditRepository(logger: logger)
        let rows = parsed.rows
        return try await database.transaction { connection in
            let units = try await repository.unitIDs(codes: Array(Set(rows.map(\.officer.unit))), on: connection)
            let ranks = Set(policy.ranks.map(\.code)), posts = Set(policy.posts.map(\.code))
            var problems: [Diagnostic] = []
            for row in rows {
                let at = { (column: Int) in SourcePosition(file: source.fileName, line: row.line, column: column) }
                if units[row.officer.unit] == nil {
                    problems.append(Diagnostic(.error, at: at(1), "unknown unit '\(row.officer.unit)'"))
                }
                if !ranks.contains(row.officer.rank) {
                    problems.append(
                        Diagnostic(.error, at: at(1), "rank '\(row.officer.rank)' is not in policy \(policy.name)"))
                }
                if !posts.contains(row.officer.post) {
                    problems.append(
                        Diagnostic(.error, at: at(1), "post '\(row.officer.post)' is not in policy \(policy.name)"))
                }
            }
            try Self.reject(problems, file: source.fileName)
            let existing = try await repository.officers(badges: rows.map(\.officer.badge), on: connection)
            let changed = rows.map(\.officer).filter { existing[$0.badge] != nil && existing[$0.badge] != $0 }
            let new = rows.map(\.officer).filter { existing[$0.badge] == nil }
            let report = RosterImportReport(
                file: (source.fileName as NSString).lastPathComponent,
                dryRun: dryRun,
                inserted: new.count,
                updated: changed.count,
                unchanged: rows.count - new.count - changed.count
            )
            guard !dryRun, !(new.isEmpty && changed.isEmpty) else { return report }
            try await repository.upsert(new + changed, unitIDs: units, on: connection)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for officer in changed {
                try await audit.record(
                    actor: actor,
                    action: "officer.update",
                    entityType: "officer",
                    entityID: officer.badge,
                    before: String(decoding: try encoder.encode(existing[officer.badge]), as: UTF8.self),
                    after: String(decoding: try encoder.encode(officer), as: UTF8.self),
                    on: connection
                )
            }
            try await audit.record(
                actor: actor,
                action: "roster.import",
                entityType: "roster",
                entityID: report.file,
                after:
                    #"{"inserted": \#(report.inserted), "updated": \#(report.updated), "unchanged": \#(report.unchanged)}"#,
                on: connection
            )
            return report
        }
    }

    /// One officer with history.
    public func officerRecord(badge: String) async throws -> OfficerRecord {
        let repository = OfficerRepository(logger: logger)
        let today = self.today
        return try await database.transaction { connection in
            guard let officer = try await repository.officer(badge: badge, on: connection) else {
                throw MusterError(.notFound, code: "officer_not_found", "There is no officer with badge '\(badge)'.")
            }
            return OfficerRecord(
                officer: officer,
                age: officer.age(on: today),
                rankHistory: try await repository.history(badge: badge, kind: .rank, on: connection),
                postHistory: try await repository.history(badge: badge, kind: .post, on: connection)
            )
        }
    }

    /// Officers in a unit's subtree and of a rank (both optional).
    public func listOfficers(unit: String? = nil, rank: String? = nil) async throws -> [Officer] {
        let repository = OfficerRepository(logger: logger)
        return try await database.transaction { try await repository.list(unit: unit, rank: rank, on: $0) }
    }

    static func reject(_ errors: [Diagnostic], file: String) throws {
        guard !errors.isEmpty else { return }
        throw MusterError(
            .invalidInput,
            code: "roster_rejected",
            "\(errors.count) error(s) in \(file); nothing was imported.",
            details: errors.map(\.description)
        )
    }
}
