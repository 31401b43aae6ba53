import Foundation
import MusterApp
import MusterDomain
import Testing

@testable import MusterCLI

/// The sheet's rules at the edges: items with more than nine choices, answers the server
/// refused or already held from another terminal, control keys while typing, and the clock
/// taken from the server.
@Suite("The terminal exam sheet at the edges")
struct ExamSheetEdgeTests {
    /// A single-choice item with twelve options, beside the five of ``ExamSheetTests/view()``.
    static func twelveChoices() throws -> ExamSheet {
        let options = (1...12).map { #"{"translations": {"en": "option \#($0)"}}"# }.joined(separator: ",")
        let json = #"""
            {"attempt": {"id": 8, "sitting": "S1", "exam": "cl", "examVersion": 1, "badge": "B7", "number": 1,
                         "admittedAt": "2026-12-02T01:00:00Z", "deadline": "2026-12-02T02:00:00Z", "status": "active"},
             "secondsRemaining": 600,
             "items": [{"position": 1, "section": "a", "kind": "single-choice", "points": 1,
                        "prompt": {"translations": {"en": "Which?"}}, "options": [\#(options)]}],
             "answers": []}
            """#
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let view = try decoder.decode(AttemptView.self, from: Data(json.utf8))
        return ExamSheet(view: view, title: "t", language: nil, now: .now)
    }

    @Test("on an item with twelve choices, 1 waits for a second digit, 1 2 chooses the twelfth, 3 chooses at once")
    func moreThanNineChoices() throws {
        var sheet = try Self.twelveChoices()
        #expect(sheet.choiceCount == 12)
        #expect(ExamSheetTests.saved(sheet.handle(.character("1"))).isEmpty)
        #expect(sheet.mode == .choosing("1"))
        #expect(ExamScreen(width: 80, height: 24).lines(sheet, secondsLeft: 60).joined().contains("Choice: 1_"))
        #expect(ExamSheetTests.saved(sheet.handle(.character("2"))).first?.answer == .choice(11))
        #expect(sheet.mode == .item)
        _ = sheet.handle(.character("1"))
        #expect(ExamSheetTests.saved(sheet.handle(.enter)).first?.answer == .choice(0))
        #expect(ExamSheetTests.saved(sheet.handle(.character("3"))).first?.answer == .choice(2))
        _ = sheet.handle(.character("1"))
        #expect(ExamSheetTests.saved(sheet.handle(.character("5"))).isEmpty)
        #expect(sheet.notice == "That number is not one of the choices shown.")
        #expect(sheet.answers[1] == .choice(2))
        #expect(ExamScreen(width: 100, height: 24).lines(sheet, secondsLeft: 60).last?.contains("1-12 choose") == true)
    }

    @Test("a refused answer stays on screen marked not saved until the candidate answers again")
    func refusedAnswer() throws {
        var sheet = try ExamSheetTests.sheet()
        let entry = try #require(ExamSheetTests.saved(sheet.handle(.character("2"))).first)
        sheet.reject(position: 1, sequence: entry.sequence, reason: "too long")
        #expect(sheet.answers[1] == .choice(1))
        #expect(sheet.unsent.isEmpty)
        #expect(sheet.refused == [1: "too long"])
        let screen = ExamScreen(width: 100, height: 24)
        #expect(screen.lines(sheet, secondsLeft: 60)[1].contains("[not saved]"))
        _ = sheet.handle(.character("s"))
        #expect(screen.lines(sheet, secondsLeft: 60).joined().contains("1 not saved"))
        _ = sheet.handle(.character("n"))
        _ = sheet.handle(.character("r"))
        #expect(screen.lines(sheet, secondsLeft: 60).contains { $0.contains("1 ✓ !") })
        _ = sheet.handle(.escape)
        _ = sheet.handle(.character("p"))
        let again = try #require(ExamSheetTests.saved(sheet.handle(.character("1"))).first)
        #expect(sheet.refused.isEmpty)
        #expect(sheet.unsent == [1])
        // A refusal of an older save than the latest leaves the latest alone.
        sheet.reject(position: 1, sequence: again.sequence - 1, reason: "old")
        #expect(sheet.refused.isEmpty && sheet.unsent == [1])
    }

    @Test("the server's answer from another terminal is not adopted over a newer answer on its way")
    func staleHeld() throws {
        var sheet = try ExamSheetTests.sheet()
        let first = try #require(ExamSheetTests.saved(sheet.handle(.character("2"))).first)
        _ = sheet.handle(.character("1"))
        sheet.adopt(
            SavedAnswer(position: 1, sequence: 9, answer: .choice(1), flagged: false), position: 1,
            sequence: first.sequence)
        #expect(sheet.answers[1] == .choice(0))
        #expect(sheet.unsent == [1])
        #expect(sheet.notice == nil)
    }

    @Test("control keys typed into a written answer are not part of it; Ctrl-C leaves typing")
    func typingControls() throws {
        var sheet = try ExamSheetTests.sheet()
        _ = sheet.handle(.character("g"))
        _ = sheet.handle(.character("3"))
        _ = sheet.handle(.enter)
        _ = sheet.handle(.enter)
        for key in ["6", "\u{01}", "\u{1A}", "0"] { _ = sheet.handle(.character(Character(key))) }
        #expect(sheet.mode == .typing("60"))
        #expect(ExamSheetTests.saved(sheet.handle(.enter)).first?.answer == .number(60))
        _ = sheet.handle(.enter)
        _ = sheet.handle(.character("\u{03}"))
        #expect(sheet.mode == .item)
    }

    @Test("the server's view sets the clock, starts and ends a pause, and ends the exam when handed in")
    func refreshing() throws {
        var view = try ExamSheetTests.view()
        var sheet = ExamSheet(view: view, title: "t", language: nil, now: .now)
        let now = ContinuousClock.now
        view.secondsRemaining = 90
        view.attempt.pausedAt = Date()
        sheet.refresh(from: view, now: now)
        #expect(sheet.link == .paused)
        #expect(sheet.deadline == now + .seconds(90))
        view.attempt.pausedAt = nil
        sheet.refresh(from: view, now: now)
        #expect(sheet.link == .online)
        view.attempt.status = .submitted
        sheet.refresh(from: view, now: now)
        #expect(sheet.isFinished)
    }
}
