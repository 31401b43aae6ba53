import ArgumentParser
import NIOCore
import NIOPosix

/// A command whose work is mostly network I/O (the server, the exam-day load): its tasks run on
/// NIO's event loops rather than on Swift Concurrency's own pool.
protocol RunsOnEventLoops {}

extension ServeCommand: RunsOnEventLoops {}
extension UpCommand: RunsOnEventLoops {}
extension ExamDayBenchCommand: RunsOnEventLoops {}

/// Chooses where a command's Swift Concurrency tasks run.
public enum CommandExecutor {
    /// Makes NIO's event loops Swift Concurrency's global executor when `command` serves or drives
    /// HTTP, so that a request is read, handled and answered on one thread instead of hopping
    /// between the event loop and the concurrency pool at every await (on an exam morning that
    /// hopping cost more than the answer's own work). Commands that block a thread, such as
    /// `muster take` waiting for a key, keep the default pool.
    ///
    /// Call once, from `main`, before the command runs.
    public static func prepare(for command: any ParsableCommand) {
        guard command is any RunsOnEventLoops else { return }
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
