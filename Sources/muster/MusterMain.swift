import ArgumentParser
import Foundation
import Logging
import MusterCLI
import MusterDomain

/// The `muster` executable: bootstraps logging once, runs the command tree, and reports errors.
///
/// A ``MusterError`` with details (every diagnostic of a rejected import) has each detail printed
/// on standard error before the one-line summary, for every command alike.
@main
enum MusterMain {
    static func main() async {
        LoggingSystem.bootstrap(DeferredMetadataLogHandler.standardError)
        do {
            var command = try MusterCommand.parseAsRoot()
            CommandExecutor.prepare(for: command)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let error = error as? MusterError {
                for line in error.details { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
            }
            MusterCommand.exit(withError: error)
        }
    }
}
