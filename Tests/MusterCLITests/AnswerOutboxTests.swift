import Foundation
import MusterApp
import MusterDomain
import MusterStore
import Synchronization
import Testing

@testable import MusterCLI

/// The outbox's rules for what leaves its queue: only an answer the server has decided on.
/// The server is a scripted stand-in here (the end-to-end test drives a real one).
@Suite("The terminal's answer outbox")
struct AnswerOutboxTests {
    /// Answers each save with the next scripted reply and records what was asked.
    final class ScriptedServer: AnswerCarrier {
        enum Reply: Sendable {
            case acknowledged(SaveOutcome)
            case failure(ExamConnection.Failure)
        }

        private let state: Mutex<(replies: [Reply], asked: [Int64])>

        init(_ replies: [Reply]) { state = Mutex((replies, [])) }

        var asked: [Int64] { state.withLock { $0.asked } }

        func save(
            attempt: Int64, position: Int, _ submission: AnswerSubmission
        ) async throws(ExamConnection.Failure)
            -> SaveAcknowledgement
        {
            let reply: Reply = state.withLock { state in
                state.asked.append(submission.sequence)
                return state.replies.isEmpty ? .acknowledged(.saved) : state.replies.removeFirst()
            }
            switch reply {
            case .failure(let failure): throw failure
            case .acknowledged(let outcome):
                let json =
                    #"{"position": \#(position), "sequence": \#(submission.sequence), "outcome": "\#(outcome.rawValue)", "secondsRemaining": 100}"#
                // The acknowledgement is built the way the terminal receives it: from the server's JSON.
                do {
                    return try JSONDecoder().decode(SaveAcknowledgement.self, from: Data(json.utf8))
                } catch {
                    throw .refused(MusterError(.unavailable, code: "unexpected_answer", "\(error)"))
                }
            }
        }
    }

    final class Reports: Sendable {
        let all = Mutex<[AnswerOutbox.Report]>([])
        func add(_ report: AnswerOutbox.Report) { all.withLock { $0.append(report) } }
    }

    static func entry(_ sequence: Int64, position: Int = 1) -> AnswerJournal.Entry {
        AnswerJournal.Entry(attempt: 1, position: position, sequence: sequence, answer: .choice(0), flagged: false)
    }

    @Test("throttled, failing and unreadable replies are tried again until the server holds the answer")
    func transientRefusals() async throws {
        let server = ScriptedServer([
            .failure(.refused(MusterError(.throttled, code: "too_many_requests", "slow down"))),
            .failure(.refused(MusterError(.unavailable, code: "http_500", "The server answered 500."))),
            .failure(.refused(MusterError(.unavailable, code: "unexpected_answer", "unreadable"))),
            .acknowledged(.saved),
        ])
        let reports = Reports()
        let outbox = AnswerOutbox(connection: server, attempt: 1) { reports.add($0) }
        await outbox.send(Self.entry(3))
        #expect(await outbox.settle(within: .seconds(20)) == 0)
        #expect(server.asked == [3, 3, 3, 3])
        let seen = reports.all.withLock { $0 }
        #expect(seen.filter { if case .offline = $0 { true } else { false } }.count == 3)
        #expect(seen.last == .delivered(position: 1, sequence: 3, secondsRemaining: 100))
    }

    @Test("an answer refused as given is reported with its sequence and not sent again")
    func refusedAsGiven() async throws {
        let server = ScriptedServer([
            .failure(.refused(MusterError(.invalidInput, code: "answer_shape", "not a choice")))
        ])
        let reports = Reports()
        let outbox = AnswerOutbox(connection: server, attempt: 1) { reports.add($0) }
        await outbox.send(Self.entry(4))
        #expect(await outbox.settle(within: .seconds(5)) == 0)
        #expect(server.asked == [4])
        #expect(reports.all.withLock { $0 } == [.rejected(position: 1, sequence: 4, reason: "not a choice")])
    }

    @Test("settling gives up after its limit with the count still waiting; held replies carry their sequence")
    func settlingAndHeld() async throws {
        let server = ScriptedServer(Array(repeating: .failure(.offline), count: 50))
        let reports = Reports()
        let outbox = AnswerOutbox(connection: server, attempt: 1) { reports.add($0) }
        await outbox.send(Self.entry(1, position: 1))
        await outbox.send(Self.entry(2, position: 2))
        let started = ContinuousClock.now
        #expect(await outbox.settle(within: .milliseconds(300)) == 2)
        #expect(ContinuousClock.now - started < .seconds(2))
        await outbox.stop()

        let heldServer = ScriptedServer([.acknowledged(.held)])
        let heldReports = Reports()
        let second = AnswerOutbox(connection: heldServer, attempt: 1) { heldReports.add($0) }
        await second.send(Self.entry(6))
        #expect(await second.settle(within: .seconds(5)) == 0)
        #expect(heldReports.all.withLock { $0 } == [.held(position: 1, sequence: 6, secondsRemaining: 100)])
    }
}
