import Foundation
import MusterDomain
import MusterStore

/// A sitting's results released to its candidates.
public struct ResultRelease: Sendable, Hashable, Codable {
    public var sitting: String
    public var releasedAt: Date
    /// False when they had been released before (nothing changed).
    public var releasedNow: Bool
    /// Handed-in attempts whose results the candidates now see.
    public var attempts: Int
}

extension UseCases {
    /// Releases a sitting's results to its candidates: for an exam whose review policy is `none`,
    /// officers then see their score, pass and band. Every handed-in attempt must be finally
    /// marked. Releasing again changes nothing. Audited.
    ///
    /// - Throws: ``MusterError`` `forbidden`, `sitting_not_found`, `marking_pending`.
    public func releaseResults(sitting code: String, context: UseCaseContext) async throws -> ResultRelease {
        let scope = try context.sittingScope(for: .gradeAttempts)
        return try await transaction(context) { connection in
            let sittings = SittingRepository(logger: context.logger)
            let stored = try await Self.sitting(code, within: scope, locking: true, sittings: sittings, on: connection)
            let results = ResultRepository(logger: context.logger)
            let state = try await results.markingState(sitting: stored.id, on: connection)
            guard state.pending == 0 else {
                throw MusterError(
                    .conflict, code: "marking_pending",
                    "\(state.pending) of the sitting's \(state.handedIn) handed-in attempts still have positions to mark."
                )
            }
            let released = try await results.release(
                sitting: stored.id, by: context.actor.name, at: context.now, on: connection)
            let outcome = ResultRelease(
                sitting: code, releasedAt: released.releasedAt, releasedNow: released.now, attempts: state.handedIn)
            if released.now {
                try await context.audit(on: connection).record("results.release", "sitting", code, after: outcome)
            }
            return outcome
        }
    }
}
