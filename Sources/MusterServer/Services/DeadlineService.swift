import Logging
import MusterApp
import ServiceLifecycle

/// Hands in attempts whose time has run out, with the answers saved in time.
///
/// Runs beside the HTTP server; several servers on one database may run it at once, since the
/// store hands each attempt in exactly once (rows taken with `FOR UPDATE SKIP LOCKED`).
public struct DeadlineService: Service {
    let useCases: UseCases
    /// How often to look for attempts past their deadline.
    let interval: Duration
    let logger: Logger

    public init(useCases: UseCases, interval: Duration = .seconds(5), logger: Logger) {
        self.useCases = useCases
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let submitted = try await useCases.submitDueAttempts()
                if !submitted.isEmpty {
                    logger.info("handed in attempts at their deadline", metadata: ["count": "\(submitted.count)"])
                }
            } catch {
                // A server stopping (or failing to start) cancels the check under way: not a fault.
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                logger.warning("could not hand in attempts past their deadline", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
