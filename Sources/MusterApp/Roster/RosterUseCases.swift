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

/// The audit log's summary of a roster import.
struct RosterImportAudit: Codable, Sendable {
    var inserted: Int
    var updated: Int
    var unchanged: Int
}

extension UseCases {
    /// Imports a roster CSV, all or nothing: new officers are added, changed ones updated (their
    /// new rank or post added to history), identical ones left alone, so re-importing a file
    /// changes nothing. A caller scoped to a unit may only place officers in its subtree and only
    /// change officers who serve there; other rows are refused at their line.
    ///
    /// - Throws: ``MusterError`` `roster_rejected` listing every problem as `file:line:column: …`.
    public func importOfficers(
        _ source: SourceFile, dryRun: Bool = false, context: UseCaseContext
    ) async throws -> RosterImportReport {
        let scope = try context.officerScope(for: .importRoster)
        let parsed = RosterCSVParser().parse(source.text, file: source.fileName, today: context.today)
        let repository = OfficerRepository(logger: context.logger)
        let rows = parsed.rows
        return try await transaction(context) { connection in
            try await OrganisationLock.acquire(on: connection, logger: context.logger)
            let policy = try await activePolicy(on: connection, logger: context.logger).policy
            let unitCodes = Array(Set(rows.map(\.officer.unit)))
            let units = try await repository.unitIDs(codes: unitCodes, on: connection)
            let unitsInScope = try await repository.units(unitCodes, within: scope, on: connection)
            let existing = try await repository.officers(badges: rows.map(\.officer.badge), on: connection)
            let reachable = try await repository.badges(Array(existing.keys), within: scope, on: connection)
            let ranks = Set(policy.ranks.map(\.code)), posts = Set(policy.posts.map(\.code))
            var problems: [Diagnostic] = []
            for row in rows {
                let at = { (column: String) in
                    SourcePosition(file: source.fileName, line: row.line, column: row.columns[column] ?? 1)
                }
                let officer = row.officer
                if units[officer.unit] == nil {
                    problems.append(Diagnostic(.error, at: at("unit"), "unknown unit '\(officer.unit)'"))
                } else if !unitsInScope.contains(officer.unit) {
                    problems.append(
                        Diagnostic(.error, at: at("unit"), "unit '\(officer.unit)' is outside your scope"))
                }
                if existing[officer.badge] != nil, !reachable.contains(officer.badge) {
                    problems.append(
                        Diagnostic(
                            .error, at: at("badge"),
                            "badge '\(officer.badge)' is in use outside your scope; it cannot be imported here"))
                }
                if !ranks.contains(officer.rank) {
                    problems.append(
                        Diagnostic(.error, at: at("rank"), "rank '\(officer.rank)' is not in policy \(policy.name)"))
                }
                if !posts.contains(officer.post) {
                    problems.append(
                        Diagnostic(.error, at: at("post"), "post '\(officer.post)' is not in policy \(policy.name)"))
                }
            }
            // Problems in the file and problems against the database are reported together.
            try Self.rejectRoster((parsed.diagnostics + problems).sortedByPosition(), file: source.fileName)
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
            let audit = context.audit(on: connection)
            for officer in changed {
                try await audit.record(
                    "officer.update", "officer", officer.badge, before: existing[officer.badge], after: officer)
            }
            try await audit.record(
                "roster.import", "roster", report.file,
                after: RosterImportAudit(
                    inserted: report.inserted, updated: report.updated, unchanged: report.unchanged))
            return report
        }
    }

    /// One officer with history, if the caller may see them: HR and admins within their scope,
    /// and anyone linked to the badge. Outside the scope the answer is "not found", exactly as
    /// for a badge that does not exist.
    public func officerRecord(badge: String, context: UseCaseContext) async throws -> OfficerRecord {
        let scope = context.principal.officerScope(for: .readRoster, includingOwnRecord: true)
        let repository = OfficerRepository(logger: context.logger)
        let today = context.today
        return try await transaction(context) { connection in
            guard let officer = try await repository.officer(badge: badge, within: scope, on: connection) else {
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

    /// The signed-in officer's own record.
    ///
    /// - Throws: ``MusterError`` `no_badge` when the account is not linked to a badge.
    public func myRecord(context: UseCaseContext) async throws -> OfficerRecord {
        guard let badge = context.principal.badge else {
            throw MusterError(.notFound, code: "no_badge", "Your account is not linked to an officer's badge.")
        }
        return try await officerRecord(badge: badge, context: context)
    }

    /// Officers the caller may see, in a unit's subtree and of a rank (both optional); the
    /// caller's scope is applied in SQL. A unit or rank that does not exist is an error, not an
    /// empty list.
    public func listOfficers(
        unit: String? = nil, rank: String? = nil, context: UseCaseContext
    ) async throws
        -> [Officer]
    {
        let scope = try context.officerScope(for: .readRoster)
        let repository = OfficerRepository(logger: context.logger)
        return try await transaction(context) { connection in
            if let unit { try await repository.requireUnit(unit, on: connection) }
            if let rank {
                let policy = try await activePolicy(on: connection, logger: context.logger).policy
                guard policy.ranks.contains(where: { $0.code == rank }) else {
                    throw MusterError(
                        .invalidInput, code: "unknown_rank",
                        "'\(rank)' is not a rank in policy \(policy.name): \(policy.ranks.map(\.code).joined(separator: ", "))."
                    )
                }
            }
            return try await repository.list(unit: unit, rank: rank, within: scope, on: connection)
        }
    }

    static func rejectRoster(_ diagnostics: [Diagnostic], file: String) throws {
        try MusterError.rejectingErrors(in: diagnostics, code: "roster_rejected", file: file)
    }
}
