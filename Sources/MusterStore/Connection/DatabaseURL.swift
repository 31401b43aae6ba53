import Foundation
import MusterDomain
import NIOSSL
import PostgresNIO

/// A parsed PostgreSQL connection URL, as given in `DATABASE_URL`.
///
/// Accepts the libpq forms `postgres://user:password@host:port/database?sslmode=…` and, for a Unix
/// socket, `postgres://user@/database?host=/socket/folder&port=5432`.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// Where the server listens.
    public enum Endpoint: Sendable, Equatable {
        /// A TCP host and port.
        case tcp(host: String, port: Int)
        /// A Unix socket folder and the port number that names the socket file in it.
        case socket(directory: String, port: Int)
    }

    /// How TLS is negotiated for TCP connections.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode

    /// Creates a URL from its parts.
    public init(
        endpoint: Endpoint,
        username: String,
        password: String? = nil,
        database: String,
        tlsMode: TLSMode = .disable
    ) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
    }

    /// Parses a connection URL, throwing an error that names the part that is wrong.
    public init(parsing text: String) throws {
        func invalid(_ reason: String) -> MusterError {
            MusterError(
                .misconfigured,
                code: "invalid_database_url",
                "DATABASE_URL is not a valid PostgreSQL URL: \(reason). "
                    + "Expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"
            )
        }
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)) else {
            throw invalid("it cannot be read as a URL")
        }
        guard let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw invalid("the scheme must be postgres:// or postgresql://")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { _, last in last }
        )
        guard let user = components.user, !user.isEmpty else {
            throw invalid("it names no user")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw invalid("it names no database") }
        let portText = components.port.map(String.init) ?? query["port"] ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw invalid("port '\(portText)' is not a number from 1 to 65535")
        }
        let host = components.host ?? ""
        if !host.isEmpty {
            endpoint = .tcp(host: host, port: port)
        } else if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            endpoint = .socket(directory: socketFolder, port: port)
        } else {
            throw invalid("it names no host (for a Unix socket, add ?host=/socket/folder)")
        }
        let mode = query["sslmode"] ?? "prefer"
        switch mode {
        case "disable", "allow": tlsMode = .disable
        case "prefer": tlsMode = .prefer
        case "require", "verify-ca", "verify-full": tlsMode = .require
        default: throw invalid("sslmode '\(mode)' is not one of disable, prefer, require")
        }
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
    }

    /// The URL with the password, if any, in place: suitable for `psql`.
    public var urlString: String {
        var components = URLComponents()
        components.scheme = "postgresql"
        components.user = username
        components.password = password
        components.path = "/" + database
        switch endpoint {
        case .tcp(let host, let port):
            components.host = host
            components.port = port
            if tlsMode != .prefer {
                components.queryItems = [URLQueryItem(name: "sslmode", value: tlsMode.rawValue)]
            }
        case .socket(let directory, let port):
            components.host = ""
            components.queryItems = [
                URLQueryItem(name: "host", value: directory),
                URLQueryItem(name: "port", value: String(port)),
            ]
        }
        return components.string ?? ""
    }

    /// The URL with any password masked: safe for logs and messages.
    public var description: String {
        var masked = self
        if masked.password != nil { masked.password = "***" }
        return masked.urlString
    }

    /// The same server and credentials, pointed at another database.
    public func withDatabase(_ name: String) -> DatabaseURL {
        var copy = self
        copy.database = name
        return copy
    }

    /// PostgresNIO's client configuration for this URL.
    public func clientConfiguration() throws -> PostgresClient.Configuration {
        switch endpoint {
        case .socket(let directory, let port):
            return PostgresClient.Configuration(
                unixSocketPath: "\(directory)/.s.PGSQL.\(port)",
                username: username,
                password: password,
                database: database
            )
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS
            switch tlsMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(.makeClientConfiguration())
            case .require: tls = .require(.makeClientConfiguration())
            }
            return PostgresClient.Configuration(
                host: host,
                port: port,
                username: username,
                password: password,
                database: database,
                tls: tls
            )
        }
    }
}
