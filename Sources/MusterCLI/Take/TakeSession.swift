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
        /// Standard input closed (the terminal went away): the session ends as if left.
        case inputClosed
        case tick
        case report(AnswerOutbox.Report)
        /// The attempt as the server holds it (nil: it could not be fetched).
        case view(AttemptView?)
    }

    /// How long leaving waits for unsent answers to reach the server before closing.
    static let leavingGrace: Duration = .seconds(10)
    /// How often a paused attempt asks the server whether the proctor has resumed it.
    static let pausedPollInterval: Duration = .seconds(5)

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
            feed.yield(.inputClosed)
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
        /// When the server was last asked for the attempt, and whether an answer is awaited.
        var polledAt = ContinuousClock.now
        var polling = false
        let attempt = start.attempt
        let poll = {
            polling = true
            polledAt = .now
            Task { [connection] in feed.yield(.view(try? await connection.view(attempt: attempt))) }
        }
        draw(sheet)
        for await event in events {
            switch event {
            case .inputClosed:
                return await leave(sheet, outbox: outbox, ending: ending)
            case .key(let key):
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
                        return await leave(sheet, outbox: outbox, ending: ending)
                    }
                }
            case .tick:
                if case .paused = sheet.link {
                    // The clock is stopped on the server: hold the one on screen too, and ask
                    // now and then whether the proctor has let it run again.
                    sheet.deadline = sheet.deadline + .seconds(1)
                    if !polling, ContinuousClock.now - polledAt >= Self.pausedPollInterval { poll() }
                }
                if case .offline = sheet.link, let retryAt {
                    let seconds = (retryAt - .now).components.seconds
                    sheet.link = .offline(retryInSeconds: max(0, Int(seconds) + 1))
                }
                // At zero the server's clock decides (a proctor may have given more time).
                if !sheet.isFinished, secondsLeft(sheet) == 0, !polling { poll() }
            case .view(let view):
                polling = false
                if let view { sheet.refresh(from: view, now: .now) }
                if !sheet.isFinished, secondsLeft(sheet) == 0, view?.attempt.pausedAt == nil {
                    sheet.mode = .finished("Time is up: your saved answers are handed in by the server.")
                    ending = .closed("Time is up; the server hands in the answers it holds.")
                } else if let view, view.attempt.status != .active, ending == nil {
                    ending = .closed("This attempt was \(view.attempt.status.rawValue).")
                }
            case .report(let report):
                switch report {
                case .offline(let seconds): retryAt = .now + .seconds(seconds)
                case .held(let position, let sequence, _):
                    // Another terminal of the same officer saved this item: show what the server holds.
                    if let view = try? await connection.view(attempt: sheet.attempt) {
                        sheet.adopt(
                            view.answers.first { $0.position == position }, position: position, sequence: sequence)
                    } else {
                        sheet.acknowledge(position: position, sequence: sequence)
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
        return await leave(sheet, outbox: outbox, ending: ending)
    }

    /// Closes the session: answers still unsent get a few seconds to reach the server (the
    /// server takes them until its grace after the deadline ends); what is left stays in the
    /// journal, sent on the next start.
    private func leave(_ sheet: ExamSheet, outbox: AnswerOutbox, ending: Ending?) async -> Ending {
        var sheet = sheet
        let waiting = await outbox.unsentCount
        if waiting > 0 {
            sheet.notice = "Sending \(waiting) unsaved answers before closing (at most \(Self.leavingGrace))…"
            draw(sheet)
        }
        let unsent = await outbox.settle(within: Self.leavingGrace)
        await outbox.stop()
        if let ending, sheet.isFinished { return ending }
        return .left(unsent: unsent)
    }

    /// Sends everything waiting (for a few seconds at most), then hands in; on failure the
    /// sheet says why and stays open.
    private func handIn(_ sheet: inout ExamSheet, outbox: AnswerOutbox) async -> SubmitReceipt? {
        if await outbox.settle(within: .seconds(5)) > 0 {
            sheet.notice =
                "\(await outbox.unsentCount) answers are not on the server yet; press s again when the top line says saved."
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
        case .held(_, _, let secondsRemaining):
            sheet.link = .online
            sheet.deadline = .now + .seconds(secondsRemaining)
        case .offline(let seconds): sheet.link = .offline(retryInSeconds: seconds)
        case .paused: sheet.link = .paused
        case .rejected(let position, let sequence, let reason):
            sheet.reject(position: position, sequence: sequence, reason: reason)
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
