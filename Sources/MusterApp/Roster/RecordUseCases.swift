import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import PostgresNIO

/// What a records import did.
public struct RecordImportReport: Sendable, Codable, Equatable {
    public var kind: String
    public var file: String
    public var dryRun: Bool
    /// Rows in the file.
    public var rows: Int
    /// Rows that were new or changed what was stored (0 for a dry run or a repeated import).
    public var written: Int
}

/// The audit log's summary of a records import.
struct RecordsImportAudit: Codable, Sendable {
    var rows: Int
    var written: Int
}

extension UseCases {
    /// Imports one kind of HR record file, all or nothing, by natural keys (re-importing changes
    /// nothing); codes are checked against the active policy, and badges against the officers
    /// the caller's scope reaches (a badge outside it is reported like an unknown one).
    ///
    /// - Throws: ``MusterError`` `records_rejected` listing every problem as `file:line:column: …`.
    public func importRecords(
        _ kind: RecordKind,
        _ source: SourceFile,
        dryRun: Bool = false,
        context: UseCaseContext
    ) async throws -> RecordImportReport {
        let scope = try context.officerScope(for: .importRecords)
        let (rows, diagnostics) = RecordsCSVParser(kind: kind).parse(
            source.text, file: source.fileName, today: context.today)
        let officers = OfficerRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let policy = try await activePolicy(on: connection, logger: context.logger).policy
            // Certificates are the tracks' to define: a code must be a track's certificate.
            var certificates: [String: CertificateRule] = [:]
            if kind == .certificates {
                for stored in try await TrackRepository(logger: context.logger).current(on: connection) {
                    certificates[stored.track.certificate.code] = stored.track.certificate
                }
            }
            let allowed =
                kind == .certificates
                ? certificates.mapValues { _ in Int?.none } : Self.allowedCodes(kind, policy: policy, rows: rows)
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
                if allowed[row.code] == nil {
                    let known = allowed.keys.sorted().joined(separator: ", ")
                    let message =
                        kind == .certificates
                        ? "'\(row.code)' is not the certificate of a track in force: \(known)"
                        : "'\(row.code)' is not a \(kind.rawValue) code in policy \(policy.name): \(known)"
                    problems.append(Diagnostic(.error, at: at(kind.codeColumn), message))
                }
            }
            // Problems in the file and problems against the database are reported together.
            try Self.rejectRecords((diagnostics + problems).sortedByPosition(), file: source.fileName)
            let report = RecordImportReport(
                kind: kind.rawValue,
                file: (source.fileName as NSString).lastPathComponent,
                dryRun: dryRun,
                rows: rows.count,
                written: 0
            )
            guard dryRun else {
                return try await write(
                    kind, rows, allowed: allowed, certificates: certificates, report: report, on: connection,
                    context: context)
            }
            // A dry run writes for real and undoes it, so it counts exactly what a real run writes.
            return try await DryRun.undoing(on: connection, logger: context.logger) {
                try await write(
                    kind, rows, allowed: allowed, certificates: certificates, report: report, on: connection,
                    context: context)
            }
        }
    }

    /// Writes checked rows and their audit rows; the report counts what was new or changed.
    func write(
        _ kind: RecordKind,
        _ rows: [RecordRow],
        allowed: [String: Int?],
        certificates: [String: CertificateRule],
        report: RecordImportReport,
        on connection: PostgresConnection,
        context: UseCaseContext
    ) async throws -> RecordImportReport {
        var report = report
        let records = RecordRepository(logger: context.logger)
        let values = rows.map { row in
            var end = row.endDay
            if kind == .qualifications, end == nil, let years = allowed[row.code] ?? nil, let passed = row.day {
                end = passed.addingMonths(years * 12)
            }
            // A certificate without a stated expiry gets its track's validity.
            if kind == .certificates, end == nil, let issued = row.day {
                end = certificates[row.code]?.validUntil(issuedOn: issued)
            }
            return RecordValues(
                badge: row.badge, code: row.code, day: row.day, endDay: end, year: row.year, revoked: row.revoked,
                score: row.score, revokedOn: row.revokedOn)
        }
        let repositoryKind = Self.repositoryKind(kind)
        let before = try await records.existingValues(
            repositoryKind, badges: Array(Set(values.map(\.badge))), on: connection)
        report.written = try await records.write(repositoryKind, rows: values, on: connection)
        // Corrections to stored records are kept in the audit log, before and after.
        let audit = context.audit(on: connection)
        for value in values {
            guard let (key, after) = value.keyAndValue(for: repositoryKind), let old = before[key],
                Self.differs(old, after, kind: kind)
            else { continue }
            try await audit.record(
                "record.correct", kind.rawValue, key, before: ["value": [old]], after: ["value": [after]])
        }
        if report.written > 0 {
            try await audit.record(
                "records.import", "records", "\(kind.rawValue):\(report.file)",
                after: RecordsImportAudit(rows: report.rows, written: report.written))
        }
        return report
    }

    /// The codes a record kind may name, with a qualification's validity in years.
    static func allowedCodes(_ kind: RecordKind, policy: PromotionPolicy, rows: [RecordRow]) -> [String: Int?] {
        switch kind {
        case .assessments: Dictionary(uniqueKeysWithValues: policy.assessmentGrades.map { ($0.code, nil) })
        case .sanctions: Dictionary(uniqueKeysWithValues: policy.sanctions.map { ($0.code, nil) })
        case .merits: Dictionary(uniqueKeysWithValues: policy.merits.map { ($0.code, nil) })
        case .qualifications:
            Dictionary(uniqueKeysWithValues: policy.qualificationLevels.map { ($0.code, $0.validityYears) })
        case .rankChanges: Dictionary(uniqueKeysWithValues: policy.ranks.map { ($0.code, nil) })
        case .postChanges: Dictionary(uniqueKeysWithValues: policy.posts.map { ($0.code, nil) })
        case .qualityAssessments: Dictionary(uniqueKeysWithValues: policy.qualityGrades.map { ($0, nil) })
        case .satisfaction: Dictionary(rows.map { ($0.code, nil) }, uniquingKeysWith: { first, _ in first })
        case .certificates: [:]
        case .collegeTraining:
            Dictionary(uniqueKeysWithValues: policy.ranks.filter(\.requiresCollegeTraining).map { ($0.code, nil) })
        }
    }

    /// Whether a stored value and a new one differ (scores compare as numbers).
    static func differs(_ stored: String, _ new: String, kind: RecordKind) -> Bool {
        if kind == .satisfaction, let lhs = Double(stored), let rhs = Double(new) { return lhs != rhs }
        return stored != new
    }

    static func repositoryKind(_ kind: RecordKind) -> RecordKindName {
        switch kind {
        case .assessments: .assessments
        case .sanctions: .sanctions
        case .merits: .merits
        case .qualifications: .qualifications
        case .rankChanges: .rankChanges
        case .postChanges: .postChanges
        case .qualityAssessments: .qualityAssessments
        case .satisfaction: .satisfaction
        case .certificates: .certificates
        case .collegeTraining: .collegeTraining
        }
    }

    static func rejectRecords(_ diagnostics: [Diagnostic], file: String) throws {
        try MusterError.rejectingErrors(in: diagnostics, code: "records_rejected", file: file)
    }
}
