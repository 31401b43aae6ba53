import Foundation
import MusterApp
import MusterDomain

/// Runs one candidate's exam on the terminal: draws the sheet, turns keys into answers, writes
/// each answer to the journal before sending it, shows what the server has acknowledged, and
/// hands in when asked.
struct TakeSession {
    /// How the session ended.
    enum Ending: Sendable {
        case handedIn(SubmitReceipt)
        /// The candidate left; `unsent` answers are in the journal, to be sent on the next start.
        case left(unsent: Int)
        case closed(String)
    }

    private enum Event: Sendable {
        case key(ExamKey)
        case tick
        case report(AnswerOutbox.Report)
    }

    let connection: ExamConnection
    let journal: AnswerJournal
    let terminal: RawTerminal

    /// Runs the exam from `sheet` until it is handed in, closed or left; `resend` are journal
    /// answers the server does not hold yet.
    func run(_ start: ExamSheet, resend: [AnswerJournal.Entry]) async -> Ending {
        var sheet = start
        let (events, feed) = AsyncStream.makeStream(of: Event.self)
        let outbox = AnswerOutbox(connection: connection, attempt: sheet.attempt) { feed.yield(.report($0)) }
        let keys = Task {
            for await key in terminal.keys() { feed.yield(.key(key)) }
        }
        let ticks = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                feed.yield(.tick)
            }
        }
        defer {
            keys.cancel()
            ticks.cancel()
        }
        for entry in resend { await outbox.send(entry) }
        var ending: Ending?
        /// When the outbox tries again, for the countdown on screen.
        var retryAt: ContinuousClock.Instant?
        draw(sheet)
        for await event in events {
            switch event {
            case .key(let key):
                let wasFinished = if case .finished = sheet.mode { true } else { false }
                for effect in sheet.handle(key) {
                    switch effect {
                    case .save(let entry):
                        do {
                            try journal.append(entry)
                        } catch {
                            sheet.notice = "The local journal cannot be written (\(error)); the answer is sent anyway."
                        }
                        await outbox.send(entry)
                    case .submit:
                        sheet.notice = "Handing in…"
                        draw(sheet)
                        sheet.notice = nil
                        if let receipt = await handIn(&sheet, outbox: outbox) {
                            ending = .handedIn(receipt)
                            sheet.mode = .finished(
                                "Handed in: \(receipt.answered) of \(sheet.answerableCount) answered.")
                        }
                    case .quit:
                        let unsent = await outbox.unsentCount
                        if !wasFinished { ending = .left(unsent: unsent) }
                        await outbox.stop()
                        return ending ?? .left(unsent: 0)
                    }
                }
            case .tick:
                if case .paused = sheet.link {
                    // The clock is stopped on the server: hold the one on screen too.
                    sheet.deadline = sheet.deadline + .seconds(1)
                }
                if case .offline = sheet.link, let retryAt {
                    let seconds = (retryAt - .now).components.seconds
                    sheet.link = .offline(retryInSeconds: max(0, Int(seconds) + 1))
                }
                if case .finished = sheet.mode {
                } else if secondsLeft(sheet) == 0 {
                    sheet.mode = .finished("Time is up: your saved answers are handed in by the server.")
                    ending = .closed("Time is up; the server hands in the answers it holds.")
                }
            case .report(let report):
                switch report {
                case .offline(let seconds): retryAt = .now + .seconds(seconds)
                case .held(let position, _):
                    // Another terminal of the same officer saved this item: show what the server holds.
                    if let view = try? await connection.view(attempt: sheet.attempt) {
                        sheet.adopt(view.answers.first { $0.position == position }, position: position)
                    } else {
                        sheet.acknowledge(position: position, sequence: .max)
                    }
                default: retryAt = nil
                }
                apply(report, to: &sheet)
                if case .closed(let message) = report, ending == nil {
                    ending = .closed(message)
                    sheet.mode = .finished(message)
                }
            }
            draw(sheet)
        }
        let unsent = await outbox.unsentCount
        return ending ?? .left(unsent: unsent)
    }

    /// Sends everything waiting, then hands in; on failure the sheet says why and stays open.
    private func handIn(_ sheet: inout ExamSheet, outbox: AnswerOutbox) async -> SubmitReceipt? {
        await outbox.whenIdle()
        guard sheet.unsent.isEmpty else {
            sheet.notice = "\(sheet.unsent.count) answers are not on the server yet; try again when they are saved."
            return nil
        }
        do throws(ExamConnection.Failure) {
            return try await connection.submit(attempt: sheet.attempt)
        } catch {
            switch error {
            case .offline: sheet.notice = "The server cannot be reached; your answers are kept. Press s to try again."
            case .refused(let refusal): sheet.notice = refusal.message
            }
        }
        return nil
    }

    private func apply(_ report: AnswerOutbox.Report, to sheet: inout ExamSheet) {
        switch report {
        case .delivered(let position, let sequence, let secondsRemaining):
            sheet.acknowledge(position: position, sequence: sequence)
            sheet.link = .online
            sheet.deadline = .now + .seconds(secondsRemaining)
        case .held(_, let secondsRemaining):
            sheet.link = .online
            sheet.deadline = .now + .seconds(secondsRemaining)
        case .offline(let seconds): sheet.link = .offline(retryInSeconds: seconds)
        case .paused: sheet.link = .paused
        case .rejected(let position, let reason): sheet.reject(position: position, reason: reason)
        case .closed: sheet.link = .online
        }
    }

    private func secondsLeft(_ sheet: ExamSheet) -> Int {
        max(0, Int((sheet.deadline - .now).components.seconds))
    }

    private func draw(_ sheet: ExamSheet) {
        let size = terminal.size
        terminal.draw(ExamScreen(width: size.columns, height: size.rows).lines(sheet, secondsLeft: secondsLeft(sheet)))
    }
}
