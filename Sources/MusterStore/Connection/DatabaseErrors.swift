import MusterDomain
import PostgresNIO

/// Translates PostgresNIO's errors into ``MusterError`` values a user can act on.
///
/// PSQLError's description is redacted by design; the translation keeps the SQL state and the
/// server's message (which never contains bound values) and drops the rest.
public enum DatabaseErrors {
    /// Runs `body`, translating PostgresNIO errors thrown from it.
    public static func translating<Result>(
        url: DatabaseURL? = nil,
        _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw translate(error, url: url)
        } catch let error as PostgresTransactionError {
            throw unwrap(error, url: url)
        } catch  where isPoolGivingUp(error) {
            throw unreachable(url: url)
        }
    }

    /// Whether `error` is the pool's "cannot create connections" failure (its circuit breaker).
    ///
    /// The pool's error type lives in an underscored module that is not a stable API, so it is
    /// recognised by name rather than imported.
    static func isPoolGivingUp(_ error: any Error) -> Bool {
        String(describing: type(of: error)) == "ConnectionPoolError"
    }

    /// The error that made a transaction fail: the closure's own error when it threw one, else
    /// the failure of BEGIN, COMMIT or ROLLBACK, translated.
    public static func unwrap(_ error: PostgresTransactionError, url: DatabaseURL? = nil) -> any Error {
        let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError
        switch cause {
        case let psqlError as PSQLError: return translate(psqlError, url: url)
        case let other?: return other
        case nil: return MusterError(.internalFailure, code: "database_error", "A database transaction failed.")
        }
    }

    /// The SQL state of a server error, such as `23505` for a unique violation.
    public static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The error for a database that cannot be reached.
    static func unreachable(url: DatabaseURL?) -> MusterError {
        MusterError(
            .unavailable,
            code: "database_unavailable",
            "The database\(url.map { " at \($0)" } ?? "") cannot be reached. Check that PostgreSQL is running "
                + "(muster db status) and that DATABASE_URL is right."
        )
    }

    /// Maps one PostgresNIO error to a ``MusterError``.
    public static func translate(_ error: PSQLError, url: DatabaseURL?) -> MusterError {
        let target = url.map { " at \($0)" } ?? ""
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed,
            .clientClosedConnection:
            return unreachable(url: url)
        case .sslUnsupported:
            return MusterError(
                .misconfigured,
                code: "database_tls_unsupported",
                "The database\(target) does not support TLS; add ?sslmode=disable to DATABASE_URL."
            )
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "the server reported an error"
            switch state {
            case "28P01", "28000":
                return MusterError(
                    .misconfigured,
                    code: "database_authentication_failed",
                    "The database\(target) refused the credentials in DATABASE_URL: \(message)."
                )
            case "3D000":
                return MusterError(
                    .misconfigured,
                    code: "database_missing",
                    "The database\(target) does not exist: \(message). Create it (createdb) or fix DATABASE_URL."
                )
            case _ where state.hasPrefix("22"):
                // Data exceptions: a value the database cannot hold (NUL bytes, out-of-range numbers).
                return MusterError(.invalidInput, code: "invalid_value", "A value is not acceptable: \(message).")
            case "23505":
                return MusterError(.conflict, code: "already_exists", "That already exists: \(message).")
            case _ where state.hasPrefix("23"):
                return MusterError(
                    .invalidInput, code: "constraint_violated", "The change breaks a rule of the data: \(message).")
            case "42P01", "42703", "42883":
                // A missing table, column or function: the schema is older than this build.
                return MusterError(
                    .misconfigured,
                    code: "schema_out_of_date",
                    "The database\(target) does not have the tables this muster needs; run `muster db migrate`."
                )
            case "57P01", "57P02", "57P03", "53300":
                return MusterError(
                    .unavailable,
                    code: "database_unavailable",
                    "The database\(target) is not accepting connections now: \(message)."
                )
            default:
                return MusterError(
                    .internalFailure,
                    code: "database_error",
                    "The database reported an error (SQL state \(state)): \(message)."
                )
            }
        default:
            return MusterError(
                .internalFailure,
                code: "database_error",
                "The database connection failed (\(error.code))."
            )
        }
    }
}
