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

    /// The newest version number and hash of exam `code`, taking a lock so creations take turns.
    public func latest(code: String, on connection: PostgresConnection) async throws -> (version: Int, hash: String)? {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('exam:' || \(code)))", logger: logger)
        let rows = try await connection.query(
            "SELECT version, content_hash FROM exam_versions WHERE code = \(code) ORDER BY version DESC LIMIT 1",
            logger: logger
        )
        for try await (version, hash) in rows.decode((Int, String).self) { return (version, hash) }
        return nil
    }

    /// Stores a new version.
    public func insert(
        _ exam: ExamDefinition, version: Int, source: String, contentHash: String, createdBy: String, at instant: Date,
        on connection: PostgresConnection
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let definition = String(decoding: try encoder.encode(exam), as: UTF8.self)
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
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (code) definition::text, version, content_hash, created_by, created_at
            FROM exam_versions ORDER BY code, version DESC
            """,
            logger: logger
        )
        let decoder = JSONDecoder()
        var exams: [StoredExam] = []
        for try await (definition, version, hash, createdBy, createdAt) in rows.decode(
            (String, Int, String, String, Date).self
        ) {
            let exam = try decoder.decode(ExamDefinition.self, from: Data(definition.utf8))
            exams.append(
                StoredExam(exam: exam, version: version, contentHash: hash, createdBy: createdBy, createdAt: createdAt))
        }
        return exams
    }
}
