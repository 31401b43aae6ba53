import Foundation
import MusterApp
import MusterDomain
import Testing

@testable import MusterCLI

/// The terminal client's pure parts: the sheet's keys and saves, the screen's layout of Chinese
/// text by display width, key decoding and the answer journal.
@Suite("The terminal exam sheet and screen")
struct ExamSheetTests {
    /// A form of one item per kind, in Chinese, as the server sends it.
    static func view() throws -> AttemptView {
        let json = #"""
            {"attempt": {"id": 7, "sitting": "S1", "exam": "cl", "examVersion": 1, "badge": "B7", "number": 1,
                         "admittedAt": "2026-12-02T01:00:00Z", "deadline": "2026-12-02T02:00:00Z", "status": "active"},
             "secondsRemaining": 3600,
             "items": [
              {"position": 1, "section": "a", "kind": "single-choice", "points": 1,
               "prompt": {"translations": {"zh-CN": "离开工位时，应对警务终端做什么？"}},
               "options": [{"translations": {"zh-CN": "保持登录"}}, {"translations": {"zh-CN": "锁定屏幕"}}]},
              {"position": 2, "section": "a", "kind": "multiple-response", "points": 2,
               "prompt": {"translations": {"zh-CN": "哪些是强密码？"}},
               "options": [{"translations": {"zh-CN": "123456"}}, {"translations": {"zh-CN": "Tq9#xL2m"}},
                           {"translations": {"zh-CN": "警号加生日"}}]},
              {"position": 3, "section": "b", "kind": "numeric", "points": 1,
               "prompt": {"translations": {"zh-CN": "一小时有多少分钟？"}}},
              {"position": 4, "section": "b", "kind": "matching", "points": 2,
               "prompt": {"translations": {"zh-CN": "配对"}},
               "left": [{"translations": {"zh-CN": "复制"}}, {"translations": {"zh-CN": "粘贴"}}],
               "right": [{"translations": {"zh-CN": "Ctrl+V"}}, {"translations": {"zh-CN": "Ctrl+C"}}]},
              {"position": 5, "section": "b", "kind": "ordering", "points": 1,
               "prompt": {"translations": {"zh-CN": "排序"}},
               "entries": [{"translations": {"zh-CN": "甲"}}, {"translations": {"zh-CN": "乙"}},
                           {"translations": {"zh-CN": "丙"}}]}
             ],
             "answers": [{"position": 1, "sequence": 4, "answer": {"choice": 0}, "flagged": false}]}
            """#
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(AttemptView.self, from: Data(json.utf8))
    }

    static func sheet() throws -> ExamSheet {
        ExamSheet(view: try view(), title: "计算机应用能力考试", language: nil, now: .now)
    }

    static func saved(_ effects: [ExamSheet.Effect]) -> [AnswerJournal.Entry] {
        effects.compactMap { if case .save(let entry) = $0 { entry } else { nil } }
    }

    @Test("a digit chooses; each save of a position carries the next sequence after the server's")
    func choosing() throws {
        var sheet = try Self.sheet()
        #expect(sheet.answers[1] == .choice(0))
        let first = Self.saved(sheet.handle(.character("2")))
        #expect(
            first == [AnswerJournal.Entry(attempt: 7, position: 1, sequence: 5, answer: .choice(1), flagged: false)])
        #expect(sheet.unsent == [1])
        let flagged = Self.saved(sheet.handle(.character("f")))
        #expect(flagged.map(\.sequence) == [6])
        #expect(flagged.first?.flagged == true && flagged.first?.answer == .choice(1))
        #expect(Self.saved(sheet.handle(.character("9"))).isEmpty)
        #expect(sheet.notice != nil)
        sheet.acknowledge(position: 1, sequence: 5)
        #expect(sheet.unsent == [1])
        sheet.acknowledge(position: 1, sequence: 6)
        #expect(sheet.unsent.isEmpty)
    }

    @Test("ticks toggle, numbers are checked before saving, matching and ordering answer by index")
    func otherKinds() throws {
        var sheet = try Self.sheet()
        _ = sheet.handle(.right)
        _ = sheet.handle(.character("3"))
        let ticked = Self.saved(sheet.handle(.character("2")))
        #expect(ticked.first?.answer == .choices([1, 2]))
        #expect(Self.saved(sheet.handle(.character("3"))).first?.answer == .choices([1]))

        _ = sheet.handle(.character("n"))
        _ = sheet.handle(.enter)
        for character in "sixty" { _ = sheet.handle(.character(character)) }
        #expect(Self.saved(sheet.handle(.enter)).isEmpty)
        #expect(sheet.notice?.contains("not a number") == true)
        for _ in 0..<5 { _ = sheet.handle(.backspace) }
        for character in "60,5" { _ = sheet.handle(.character(character)) }
        #expect(Self.saved(sheet.handle(.enter)).first?.answer == .number(60.5))

        _ = sheet.handle(.character("g"))
        _ = sheet.handle(.character("4"))
        _ = sheet.handle(.enter)
        #expect(sheet.current.position == 4)
        _ = sheet.handle(.character("2"))
        #expect(Self.saved(sheet.handle(.character("1"))).first?.answer == .matches([1, 0]))

        _ = sheet.handle(.right)
        _ = sheet.handle(.down)
        #expect(Self.saved(sheet.handle(.character("+"))).first?.answer == .order([1, 0, 2]))
        #expect(Self.saved(sheet.handle(.character("-"))).first?.answer == .order([0, 1, 2]))
    }

    @Test("journal entries newer than the server's are restored and sent again; older ones are not")
    func restoring() throws {
        var sheet = try Self.sheet()
        let newer = AnswerJournal.Entry(attempt: 7, position: 2, sequence: 1, answer: .choices([0]), flagged: true)
        let older = AnswerJournal.Entry(attempt: 7, position: 1, sequence: 3, answer: .choice(1), flagged: false)
        let unknown = AnswerJournal.Entry(attempt: 7, position: 99, sequence: 1, answer: .choice(0), flagged: false)
        #expect(sheet.restore([1: older, 2: newer, 99: unknown]) == [newer])
        #expect(sheet.answers[1] == .choice(0))
        #expect(sheet.answers[2] == .choices([0]))
        #expect(sheet.flags == [2])
        #expect(sheet.unsent == [2])
    }

    @Test("every screen line fits the width by display columns, Chinese counting two, and the screen fills the height")
    func screenLayout() throws {
        var sheet = try Self.sheet()
        for width in [24, 41, 80, 100] {
            let lines = ExamScreen(width: width, height: 20).lines(sheet, secondsLeft: 3599)
            #expect(lines.count == 20)
            #expect(lines.allSatisfy { TerminalText.width($0) <= width }, "\(lines)")
        }
        let lines = ExamScreen(width: 100, height: 20).lines(sheet, secondsLeft: 3599)
        #expect(lines[0].hasSuffix("Time left 59:59"))
        #expect(TerminalText.width(lines[0]) == 100)
        #expect(lines.contains("  (•) 1  保持登录"))
        #expect(lines.contains("  ( ) 2  锁定屏幕"))
        _ = sheet.handle(.character("r"))
        let review = ExamScreen(width: 100, height: 20).lines(sheet, secondsLeft: 61)
        #expect(review[1].hasPrefix("Review: 1 of 5 answered"))
        #expect(review.contains { $0.contains("1 ✓") && $0.contains("2 ·") })
        #expect(ExamScreen.clock(3725) == "1:02:05")
    }

    @Test("prompts wrap instead of being cut; a finished exam shows no clock; full-width digits answer")
    func narrowAndFinished() throws {
        var sheet = try Self.sheet()
        _ = sheet.handle(.character("q"))
        let narrow = ExamScreen(width: 80, height: 24).lines(sheet, secondsLeft: 100)
        #expect(narrow.joined(separator: " ").contains("y leaves, any other key stays"))
        #expect(narrow.allSatisfy { TerminalText.width($0) <= 80 })
        _ = sheet.handle(.character("n"))
        #expect(Self.saved(sheet.handle(.character("２"))).first?.answer == .choice(1))
        sheet.link = .paused
        #expect(
            ExamScreen(width: 100, height: 24).lines(sheet, secondsLeft: 100)[1].hasSuffix(
                "paused by the proctor – answers wait (1 unsent)"))
        sheet.link = .offline(retryInSeconds: 4)
        #expect(
            ExamScreen(width: 100, height: 24).lines(sheet, secondsLeft: 100)[1].hasSuffix(
                "offline – will retry in 4 s (1 unsent)"))
        sheet.mode = .finished("Handed in: 1 of 5 answered.")
        let finished = ExamScreen(width: 80, height: 24).lines(sheet, secondsLeft: 100)
        #expect(finished[0].hasSuffix("Finished"))
        #expect(!finished.joined().contains("Time left"))
    }

    @Test("an answer the server already held from another terminal is replaced by the server's")
    func adoptingTheServers() throws {
        var sheet = try Self.sheet()
        _ = sheet.handle(.character("2"))
        sheet.adopt(SavedAnswer(position: 1, sequence: 5, answer: .choice(0), flagged: true), position: 1, sequence: 5)
        #expect(sheet.answers[1] == .choice(0))
        #expect(sheet.flags == [1])
        #expect(sheet.unsent.isEmpty)
        #expect(sheet.notice?.contains("another terminal") == true)
        #expect(Self.saved(sheet.handle(.character("2"))).first?.sequence == 6)
    }

    @Test("text is measured, wrapped and cut by terminal columns")
    func terminalText() {
        #expect(TerminalText.width("警察A") == 5)
        #expect(TerminalText.width("e\u{301}") == 1)
        let chinese = "离开工位时，应对警务终端做什么？请选择一项。"
        let wrapped = TerminalText.wrap(chinese, to: 10)
        #expect(wrapped.allSatisfy { TerminalText.width($0) <= 10 })
        #expect(wrapped.joined() == chinese)
        #expect(
            TerminalText.wrap("lock the screen before leaving", to: 12) == ["lock the", "screen", "before", "leaving"])
        #expect(
            TerminalText.wrap("  (•) 1  a long option text", to: 16, indent: 9) == [
                "  (•) 1  a long", "         option", "         text",
            ])
        #expect(TerminalText.truncate("警务终端", to: 5) == "警务…")
        #expect(TerminalText.width(TerminalText.pad("警", to: 6)) == 6)
    }

    @Test("keys decode from terminal bytes, a Chinese character split across reads included")
    func keyDecoding() {
        var decoder = KeyDecoder()
        let bytes = Array("警".utf8)
        #expect(decoder.decode(bytes.prefix(2)).isEmpty)
        #expect(decoder.decode(bytes.suffix(1)) == [.character("警")])
        #expect(
            decoder.decode(Array("\u{1B}[C\u{1B}[D\u{1B}[A\r2\u{7F}\u{1B}".utf8)) == [
                .right, .left, .up, .enter, .character("2"), .backspace, .escape,
            ])
        #expect(decoder.decode(Array("\u{1B}[6~".utf8)) == [.pageDown])
        // Delete, Home, End, F5, SS3 Home and a mouse-free CSI with intermediates are dropped whole.
        #expect(
            decoder.decode(Array("\u{1B}[3~\u{1B}[H\u{1B}[F\u{1B}[15~\u{1B}OH\u{1B}[1 q5".utf8)) == [.character("5")])
        // Shift and Ctrl arrows are arrows; SS3 arrows (application cursor mode) too.
        #expect(decoder.decode(Array("\u{1B}[1;2C\u{1B}[1;5D\u{1B}OA".utf8)) == [.right, .left, .up])
        // A sequence split across reads waits for its end and gives no digit.
        #expect(decoder.decode(Array("\u{1B}[".utf8)).isEmpty)
        #expect(decoder.decode(Array("3".utf8)).isEmpty)
        #expect(decoder.decode(Array("~1".utf8)) == [.character("1")])
        #expect(decoder.decode(Array("\u{1B}O".utf8)).isEmpty)
        #expect(decoder.decode(Array("B".utf8)) == [.down])
    }

    @Test("the journal keeps every field of every entry, skips a line cut short, and finds the latest per position")
    func journal() throws {
        let home = FileManager.default.temporaryDirectory.appending(path: "journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let journal = try AnswerJournal(home: home, server: "http://exam:8080", badge: "B7", sitting: "S1")
        #expect(journal.file.lastPathComponent == "exam_8080-B7-S1.jsonl")
        let entries = [
            AnswerJournal.Entry(attempt: 7, position: 3, sequence: 1, answer: .number(60.5), flagged: false),
            AnswerJournal.Entry(attempt: 7, position: 3, sequence: 2, answer: .text("六十"), flagged: true),
            AnswerJournal.Entry(attempt: 7, position: 4, sequence: 9, answer: .matches([1, nil]), flagged: false),
            AnswerJournal.Entry(attempt: 8, position: 3, sequence: 5, answer: nil, flagged: true),
        ]
        for entry in entries { try journal.append(entry) }
        let handle = try FileHandle(forWritingTo: journal.file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"attempt":7,"position":4,"seq"#.utf8))
        try handle.close()
        #expect(journal.entries() == entries)
        #expect(journal.latest(attempt: 7) == [3: entries[1], 4: entries[2]])
        let after = AnswerJournal.Entry(
            attempt: 7, position: 4, sequence: 10, answer: .order([2, 0, 1]), flagged: true)
        try journal.append(after)
        #expect(journal.entries() == entries + [after])
    }
}
