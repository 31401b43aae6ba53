import ArgumentParser
import Foundation
import Logging
import MusterApp
import MusterDomain
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

    @Option(
        name: .long,
        help: "Who is acting, as recorded in the audit log (default: $MUSTER_OPERATOR, else local:$USER)."
    )
    var `operator`: String?

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

    /// The state folder this command uses, as an absolute path: `--home`, else `$MUSTER_HOME`,
    /// else `./.muster` (the same choice the embedded cluster makes).
    var homeFolder: String {
        let chosen = environment["MUSTER_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".muster"
        return URL(fileURLWithPath: chosen).standardizedFileURL.path
    }

    /// ` --home DIR` when the command was given a home, for hints that print other commands.
    var homeArgument: String { home.map { " --home \($0)" } ?? "" }

    /// The local operator changes made by this command are recorded under.
    var operatorName: String {
        let environment = self.environment
        return `operator`.flatMap { $0.isEmpty ? nil : $0 } ?? environment["MUSTER_OPERATOR"].flatMap {
            $0.isEmpty ? nil : $0
        }
            ?? "local:\(environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.userName)"
    }

    /// The bureau's calendar, in `MUSTER_TIME_ZONE` (default Asia/Shanghai).
    var calendar: BureauCalendar {
        get throws {
            guard let name = environment["MUSTER_TIME_ZONE"], !name.isEmpty else { return .standard }
            return try BureauCalendar(timeZoneIdentifier: name)
        }
    }

    /// The password hasher, at the bcrypt cost in `MUSTER_BCRYPT_COST` (default 12).
    var passwordHasher: PasswordHasher {
        PasswordHasher(cost: environment["MUSTER_BCRYPT_COST"].flatMap(UInt8.init) ?? 12)
    }

    /// Where the database is, from `DATABASE_URL` or the embedded cluster's folder.
    func databaseLocation() throws -> DatabaseLocation {
        try DatabaseLocation.resolve(environment: environment)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
