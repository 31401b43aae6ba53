import MusterDomain
import MusterStore

extension UseCases {
    /// Audit rows matching `filter`, oldest first.
    public func auditEntries(_ filter: AuditFilter) async throws -> [AuditEntry] {
        let audit = AuditRepository(logger: logger)
        return try await database.transaction { try await audit.entries(filter, on: $0) }
    }
}
