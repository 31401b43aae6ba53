import Logging
import Synchronization
import Testing

@testable import MusterCLI

/// The log handler the executable bootstraps: metadata set on a logger reaches the written line,
/// merged with the message's own, and nothing is written below the logger's level.
@Suite("Deferred-metadata log handler")
struct DeferredMetadataLogHandlerTests {
    /// Collects what the stream handler writes.
    final class Lines: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        var written: String { text.withLock { $0 } }
    }

    func logger(writingTo lines: Lines) -> Logger {
        Logger(label: "muster") { label in
            DeferredMetadataLogHandler(StreamLogHandler(label: label, stream: lines, metadataProvider: nil))
        }
    }

    @Test func metadataSetOnTheLoggerIsWrittenWithTheMessage() {
        let lines = Lines()
        var logger = logger(writingTo: lines)
        logger[metadataKey: "request.id"] = "r-42"
        logger[metadataKey: "attempt"] = "7"
        logger.info("answer saved", metadata: ["attempt": "8", "position": "3"])
        let line = lines.written
        #expect(line.contains("info muster: attempt=8 position=3 request.id=r-42 [MusterCLITests] answer saved"))
        #expect(logger[metadataKey: "attempt"] == "7")
    }

    @Test func aLoggerWithoutMetadataWritesTheMessageAlone() {
        let lines = Lines()
        let logger = logger(writingTo: lines)
        logger.warning("disk nearly full")
        #expect(lines.written.hasSuffix("warning muster: [MusterCLITests] disk nearly full\n"))
    }

    @Test func messagesBelowTheLevelAreNotWritten() {
        let lines = Lines()
        var logger = logger(writingTo: lines)
        logger.logLevel = .error
        logger[metadataKey: "request.id"] = "r-1"
        logger.info("request")
        #expect(lines.written.isEmpty)
        #expect(logger.logLevel == .error)
        logger.error("request failed")
        #expect(lines.written.contains("error muster: request.id=r-1 [MusterCLITests] request failed"))
    }
}
