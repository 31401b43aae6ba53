import Foundation
import Logging
import MusterDomain
import PostgresNIO

/// A stored exam version.
public struct StoredExam: Sendable, Codable, Equatable {
    public var exam: ExamDefinition
    public var version: Int
    public var contentHash: String
    public var createdBy: String
    public var createdAt: Date

    /// Creates a stored version.
    public init(exam: ExamDefinition, version: Int, contentHash: String, createdBy: String, createdAt: Date) {
        self.exam = exam
        self.version = version
        self.contentHash = contentHash
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// Stores exam definition versions; the newest version of each exam is in force.
public struct ExamRepository: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    var versions: VersionedDefinitions {
        VersionedDefinitions(
            table: "exam_versions", authorColumn: "created_by", timeColumn: "created_at", logger: logger)
    }

    /// The newest version number and hash of exam `code`, taking a lock so creations take turns.
    public func latest(code: String, on connection: PostgresConnection) async throws -> (version: Int, hash: String)? {
        try await versions.latest(code: code, on: connection)
    }

    /// Stores a new version.
    public func insert(
        _ exam: ExamDefinition, version: Int, source: String, contentHash: String, createdBy: String, at instant: Date,
        on connection: PostgresConnection
    ) async throws {
        let definition = try VersionedDefinitions.json(exam)
        try await connection.query(
            """
            INSERT INTO exam_versions (code, version, definition, track_code, bank, bank_version, source, content_hash,
                                       created_by, created_at)
            VALUES (\(exam.code), \(version), \(definition)::jsonb, \(exam.track), \(exam.bank), \(exam.bankVersion),
                    \(source), \(contentHash), \(createdBy), \(instant))
            """,
            logger: logger
        )
    }

    /// The newest version of every exam, by code.
    public func current(on connection: PostgresConnection) async throws -> [StoredExam] {
        try await versions.current(ExamDefinition.self, on: connection).map(Self.stored)
    }

    /// One version of an exam (the one a sitting pins), if it exists.
    public func version(code: String, version: Int, on connection: PostgresConnection) async throws -> StoredExam? {
        try await versions.version(ExamDefinition.self, code: code, version: version, on: connection).map(Self.stored)
    }

    static func stored(_ row: VersionedDefinitions.Row<ExamDefinition>) -> StoredExam {
        StoredExam(
            exam: row.definition, version: row.version, contentHash: row.hash, createdBy: row.author,
            createdAt: row.time)
    }
}
