import ArgumentParser
import Foundation

/// `--server URL --user NAME` and where the password comes from: for commands that run on the
/// server's machine by default and over HTTP, as a signed-in account, when given a server.
struct ServerSignIn: ParsableArguments {
    @Option(help: "A running Muster server's URL, e.g. http://exam-server:8080.") var server: String?
    @Option(help: "The account to sign in as with --server (default: $MUSTER_USER).") var user: String?
    @OptionGroup var password: PasswordSource

    /// The account named by `--user` or `MUSTER_USER`.
    var username: String? { user ?? ProcessInfo.processInfo.environment["MUSTER_USER"] }

    func validate() throws {
        if server != nil, username == nil {
            throw ValidationError("--server needs --user NAME (or MUSTER_USER) to sign in.")
        }
    }

    /// A client signed in to `--server`, or nil when no server was given.
    func client() async throws -> ServerClient? {
        guard let server else { return nil }
        var client = try ServerClient(server: server)
        try await client.signIn(username: username ?? "", password: try password.read())
        return client
    }
}
