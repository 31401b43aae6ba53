import Foundation

/// Which PostgreSQL server Muster uses: the one `DATABASE_URL` names, or its embedded cluster.
public enum DatabaseLocation: Sendable {
    /// A server someone else runs; Muster starts and stops nothing.
    case external(DatabaseURL)
    /// Muster's own cluster in `$MUSTER_HOME/pg`.
    case embedded(EmbeddedCluster)

    /// Decides from the environment: `DATABASE_URL` when set and not empty, else the embedded cluster.
    public static func resolve(
        environment: [String: String],
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> DatabaseLocation {
        if let text = environment["DATABASE_URL"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            return .external(try DatabaseURL(parsing: text))
        }
        return .embedded(try EmbeddedCluster.fromEnvironment(environment, currentDirectory: currentDirectory))
    }

    /// The URL of Muster's database.
    public var url: DatabaseURL {
        switch self {
        case .external(let url): url
        case .embedded(let cluster): cluster.url
        }
    }
}
