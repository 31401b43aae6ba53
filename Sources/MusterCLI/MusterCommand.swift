import ArgumentParser

/// The `muster` command: training, exams and promotion readiness for a police force.
public struct MusterCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "muster",
        abstract: "Police training, exams and promotion readiness.",
        discussion: """
            Start here: `muster up` runs the service with demo data on an embedded PostgreSQL \
            cluster. Set DATABASE_URL to use an existing PostgreSQL server instead.

            Environment: DATABASE_URL, MUSTER_HOME (state folder, default ./.muster), \
            MUSTER_TIME_ZONE (the bureau's time zone for "today", default Asia/Shanghai), \
            MUSTER_OPERATOR (who the audit log names), MUSTER_PASSWORD and MUSTER_USER (for commands \
            that sign in), MUSTER_BCRYPT_COST, LOG_LEVEL.
            """,
        subcommands: [
            UpCommand.self, ServeCommand.self, DatabaseCommand.self, BanksCommand.self, ItemsCommand.self,
            UsersCommand.self, AuditCommand.self, PolicyCommand.self, TracksCommand.self, ExamsCommand.self,
            SittingsCommand.self, TakeCommand.self, BenchCommand.self,
            ComplianceCommand.self,
            GradingCommand.self,
            ResultsCommand.self,
            RegradeCommand.self,
            TranscriptCommand.self,
            TrainingCommand.self,
            UnitsCommand.self,
            OfficersCommand.self,
            RecordsCommand.self,
            ReadinessCommand.self,
            PromotionsCommand.self,
        ]
    )

    public init() {}
}
