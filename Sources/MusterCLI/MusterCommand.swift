import ArgumentParser

/// The `muster` command: training, exams and promotion readiness for a police force.
public struct MusterCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "muster",
        abstract: "Police training, exams and promotion readiness.",
        discussion: """
            Start here: `muster up` runs the service with demo data on an embedded PostgreSQL \
            cluster. Set DATABASE_URL to use an existing PostgreSQL server instead.
            """,
        subcommands: [
            UpCommand.self, ServeCommand.self, DatabaseCommand.self, BanksCommand.self, ItemsCommand.self,
            UsersCommand.self, AuditCommand.self, PolicyCommand.self, UnitsCommand.self, OfficersCommand.self,
            RecordsCommand.self,
        ]
    )

    public init() {}
}
