import MusterDomain
import MusterStore

extension UseCases {
    /// Audit rows matching `filter`, oldest first.
    public func auditEntries(_ filter: AuditFilter, context: UseCaseContext) async throws -> [AuditEntry] {
        try context.require(.readAudit)
        let audit = AuditRepository(logger: context.logger)
        return try await transaction(context) { try await audit.entries(filter, on: $0) }
    }
}
