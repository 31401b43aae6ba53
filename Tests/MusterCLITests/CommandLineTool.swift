import Foundation

/// Runs the built `muster` binary as an operator would, capturing its output.
struct CommandLineTool {
    /// What one run printed and how it ended.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
        /// Whether the run was stopped for outliving its time limit.
        var timedOut = false
    }

    /// The `muster` binary next to the test bundle (built by `swift build --build-tests`).
    static var binary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appending(path: "muster")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return repositoryRoot.appending(path: ".build/debug/muster")
    }

    /// Runs `muster ARGUMENTS` in `directory` with `environment` added to a clean environment;
    /// a run that outlives `timeout` is stopped (a hung command fails its test, never the suite).
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        in directory: URL = FileManager.default.temporaryDirectory,
        timeout: Duration = .seconds(300)
    ) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var base = ProcessInfo.processInfo.environment
        base["DATABASE_URL"] = nil
        process.environment = base.merging(environment) { _, new in new }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // SIGTERM first; a process that ignores it (a server stuck in a graceful shutdown) gets
        // SIGKILL five seconds later, so a hung command fails its test and never holds the suite.
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            process.terminate()
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + 5) { if process.isRunning { kill(pid, SIGKILL) } }
        }
        let seconds = Double(timeout.components.seconds)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self),
            timedOut: process.terminationReason == .uncaughtSignal
                && [SIGTERM, SIGKILL].contains(process.terminationStatus)
        )
    }
}
