import MusterDomain

extension UseCases {
    /// Confirms that the service can do its work: the database answers.
    ///
    /// - Throws: ``MusterError`` with code `database_unavailable` when it does not.
    public func checkReadiness() async throws {
        try await database.ping()
    }
}
