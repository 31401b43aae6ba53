import Foundation
import MusterDomain
import MusterStore

/// One of an officer's results as they see it: the score only when the exam's review policy
/// shows it.
public struct OfficerResult: Sendable, Codable, Equatable {
    public var attempt: Int64
    public var exam: String
    public var sitting: String
    public var attemptNumber: Int
    public var submittedAt: Date?
    /// `final`, or `marking` while a trainer or examiner still has positions to mark.
    public var state: String
    /// Whether the score is shown: to staff always; to the officer as the exam's review policy
    /// allows (`none` withholds it until the sitting's results are released).
    public var released: Bool
    public var score: Double?
    public var maximum: Double?
    public var percent: Double?
    public var passed: Bool?
    public var band: String?
    /// A practical mark used a scoring table group marked as a placeholder.
    public var placeholderTable: Bool
    /// Each position with the answer given, its marks and feedback: only when the exam's review
    /// policy is `responses` (nil otherwise).
    public var responses: [ReviewedResponse]?
}

extension UseCases {
    /// The caller's own results, oldest first; none for an account not linked to a badge.
    public func myResults(context: UseCaseContext) async throws -> [OfficerResult] {
        guard let badge = context.principal.badge else { return [] }
        return try await results(badge: badge, asOfficer: true, context: context)
    }

    /// An officer's results for staff who read the roster (HR, admins, within their units):
    /// every score, whatever the review policy shows the officer.
    ///
    /// - Throws: ``MusterError`` `officer_not_found` (also outside the caller's reach).
    public func officerResults(badge: String, context: UseCaseContext) async throws -> [OfficerResult] {
        let scope = context.principal.officerScope(for: .readRoster, includingOwnRecord: true)
        let reached = try await transaction(context) { connection in
            try await OfficerRepository(logger: context.logger).officer(badge: badge, within: scope, on: connection)
        }
        guard reached != nil else {
            throw MusterError(.notFound, code: "officer_not_found", "There is no officer with badge '\(badge)'.")
        }
        return try await results(badge: badge, asOfficer: badge == context.principal.badge, context: context)
    }

    private func results(badge: String, asOfficer: Bool, context: UseCaseContext) async throws -> [OfficerResult] {
        try await transaction(context) { connection in
            var shown: [OfficerResult] = []
            let stored = try await ResultRepository(logger: context.logger).results(badge: badge, on: connection)
            let releasedSittings = try await ResultRepository(logger: context.logger).releasedSittings(
                Array(Set(stored.map(\.sitting))), on: connection)
            for stored in stored {
                let exam = try await examDefinition(
                    stored.exam, version: stored.examVersion, on: connection, context: context)
                let released = !asOfficer || exam.review != .none || releasedSittings.contains(stored.sitting)
                var responses: [ReviewedResponse]?
                if exam.review == .responses {
                    let attempts = AttemptRepository(logger: context.logger)
                    let entries = try await attempts.attempt(id: stored.attempt, on: connection)?.1 ?? []
                    let items = try await bankItems(of: exam, on: connection, context: context)
                    responses = ResponseReview.review(
                        entries: entries,
                        items: Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                        answers: try await attempts.answers(attemptID: stored.attempt, on: connection),
                        marks: try await ResultRepository(logger: context.logger).marks(
                            attempt: stored.attempt, on: connection))
                }
                shown.append(
                    OfficerResult(
                        attempt: stored.attempt, exam: stored.exam, sitting: stored.sitting,
                        attemptNumber: stored.attemptNumber, submittedAt: stored.submittedAt,
                        state: stored.isFinal ? "final" : "marking", released: released,
                        score: released ? stored.score : nil, maximum: released ? stored.maximum : nil,
                        percent: released ? stored.percent : nil, passed: released ? stored.passed : nil,
                        band: released ? stored.band : nil, placeholderTable: stored.placeholderTable,
                        responses: responses))
            }
            return shown
        }
    }
}
