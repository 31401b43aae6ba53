import Logging
import MusterCLI

/// The `muster` executable: bootstraps logging once, then hands over to the command tree.
@main
enum MusterMain {
    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        await MusterCommand.main()
    }
}
