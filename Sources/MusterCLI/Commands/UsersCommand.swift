import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster users`: accounts and roles.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add users, set passwords and roles, disable accounts, list accounts.",
        subcommands: [
            UsersAddCommand.self, UsersPasswdCommand.self, UsersRolesCommand.self, UsersDisableCommand.self,
            UsersListCommand.self,
        ]
    )
}

/// Where a new password comes from: standard input, `MUSTER_PASSWORD`, or a prompt.
struct PasswordSource: ParsableArguments {
    @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

    func read() throws -> String {
        if passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw MusterError(.invalidInput, code: "password_missing", "No password on standard input.")
            }
            return line
        }
        if let password = ProcessInfo.processInfo.environment["MUSTER_PASSWORD"], !password.isEmpty { return password }
        guard isatty(STDIN_FILENO) == 1, let typed = getpass("Password: ") else {
            throw MusterError(
                .invalidInput,
                code: "password_missing",
                "Give the password with --password-stdin or MUSTER_PASSWORD, or run in a terminal to be asked."
            )
        }
        return String(cString: typed)
    }
}

/// Runs account use cases with the CLI's database and operator.
enum AccountSession {
    static func run<Result: Sendable>(
        _ options: GlobalOptions,
        _ body: @Sendable (UseCases, UseCaseContext) async throws -> Result
    ) async throws -> Result {
        try await DatabaseSession.useCases(options, logger: options.logger(), body)
    }
}

struct UsersAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create an account.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Username: 3-64 lowercase letters, digits, dots, dashes, underscores.") var username: String
    @Option(help: "The person's name as shown.") var name: String
    @Option(
        help:
            "A role, optionally limited to a unit subtree: officer, proctor, trainer[:UNIT], hr[:UNIT], admin. Repeat for several."
    )
    var role: [String] = []
    @Option(help: "The officer's badge number, for officer accounts.") var badge: String?
    @OptionGroup var password: PasswordSource

    func run() async throws {
        let grants = try role.map(RoleGrant.init(parsing:))
        let account = NewAccount(
            username: username, displayName: name, password: try password.read(), badge: badge, grants: grants)
        let created = try await AccountSession.run(options) { try await $0.addUser(account, context: $1) }
        print("created \(created.username) with roles \(created.grants.map(\.description).joined(separator: ", "))")
    }
}

struct UsersPasswdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd", abstract: "Set a user's password (ends their sessions).")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The username.") var username: String
    @OptionGroup var password: PasswordSource

    func run() async throws {
        let (username, newPassword) = (self.username, try password.read())
        try await AccountSession.run(options) {
            try await $0.changePassword(username: username, to: newPassword, context: $1)
        }
        print("password changed for \(username); their sessions were ended")
    }
}

struct UsersRolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roles", abstract: "Replace a user's roles.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The username.") var username: String
    @Argument(help: "The roles, such as trainer:PSB.EAST hr admin (none removes every role).") var roles: [String] = []

    func run() async throws {
        let grants = try roles.map(RoleGrant.init(parsing:))
        let username = self.username
        try await AccountSession.run(options) { try await $0.setRoles(username: username, grants: grants, context: $1) }
        print("\(username): \(grants.isEmpty ? "no roles" : grants.map(\.description).joined(separator: ", "))")
    }
}

struct UsersDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an account and end its sessions.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The username.") var username: String
    @Flag(help: "Enable the account again instead.") var enable = false

    func run() async throws {
        let (username, disabled) = (self.username, !enable)
        try await AccountSession.run(options) {
            try await $0.setDisabled(username: username, disabled: disabled, context: $1)
        }
        print("\(username) \(disabled ? "disabled" : "enabled")")
    }
}

struct UsersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts and their roles.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func run() async throws {
        let users = try await AccountSession.run(options) { try await $0.listUsers(context: $1) }
        switch format {
        case .json:
            try Output.json(users)
        case .table:
            Output.table(
                header: ["USER", "NAME", "ROLES", "BADGE", "STATUS"],
                rows: users.map {
                    [
                        $0.username, $0.displayName, $0.grants.map(\.description).joined(separator: ","),
                        $0.badge ?? "-",
                        $0.disabled
                            ? "disabled" : "active",
                    ]
                }
            )
        }
    }
}
