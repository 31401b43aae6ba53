import ArgumentParser

/// `muster db`: the database Muster keeps its records in.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Start, stop, inspect and migrate the database.",
        discussion: """
            Without DATABASE_URL, Muster runs its own PostgreSQL cluster in $MUSTER_HOME/pg \
            (default ./.muster/pg) from the system's PostgreSQL server programs. With DATABASE_URL \
            set, that server is used and start/stop do nothing.
            """,
        subcommands: [
            DatabaseStartCommand.self, DatabaseStopCommand.self, DatabaseStatusCommand.self,
            DatabaseURLCommand.self, DatabaseMigrateCommand.self,
        ]
    )
}
