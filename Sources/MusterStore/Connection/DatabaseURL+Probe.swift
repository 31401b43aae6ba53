import Logging
import NIOCore
import NIOSSL
import PostgresNIO

extension DatabaseURL {
    /// PostgresNIO's single-connection configuration for this URL.
    func connectionConfiguration(connectTimeout: TimeAmount) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .socket(let directory, let port):
            configuration = PostgresConnection.Configuration(
                unixSocketPath: "\(directory)/.s.PGSQL.\(port)",
                username: username,
                password: password,
                database: database
            )
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS
            switch tlsMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = PostgresConnection.Configuration(
                host: host,
                port: port,
                username: username,
                password: password,
                database: database,
                tls: tls
            )
        }
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// Opens and closes one connection, so an unreachable or misconfigured server is reported at
    /// once instead of after a pool's retries.
    ///
    /// - Throws: ``MusterError`` saying what is wrong (unreachable, bad credentials, no database).
    public func probe(logger: Logger, timeout: TimeAmount = .seconds(5)) async throws {
        let configuration = try connectionConfiguration(connectTimeout: timeout)
        try await DatabaseErrors.translating(url: self) {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        }
    }
}
