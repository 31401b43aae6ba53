import ArgumentParser
import Foundation
import Logging
import MusterStore

/// Options every command accepts.
public struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Folder for Muster's own state, such as the embedded database (default: $MUSTER_HOME or ./.muster)."
    )
    var home: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level?

    public init() {}

    /// The process environment with `--home` applied as `MUSTER_HOME`.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let home { environment["MUSTER_HOME"] = home }
        return environment
    }

    /// A logger at the chosen level, or at `defaultLevel` when none was chosen.
    func logger(defaultLevel: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: "muster")
        logger.logLevel = logLevel ?? environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        return logger
    }

    /// Where the database is, from `DATABASE_URL` or the embedded cluster's folder.
    func databaseLocation() throws -> DatabaseLocation {
        try DatabaseLocation.resolve(environment: environment)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
