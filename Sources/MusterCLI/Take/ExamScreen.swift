import MusterApp
import MusterDomain

/// Draws an ``ExamSheet`` as the lines of a full terminal screen: the time left and the save
/// state on top, one item (or the review list) in the middle, the keys at the bottom. Pure:
/// the same sheet, size and time always give the same lines, each at most `width` columns.
struct ExamScreen {
    let width: Int
    let height: Int

    /// The screen's lines, exactly `height` of them.
    func lines(_ sheet: ExamSheet, secondsLeft: Int) -> [String] {
        let width = max(20, self.width)
        let rule = String(repeating: "-", count: width)
        let time: String
        if case .finished = sheet.mode { time = "Finished" } else { time = "Time left \(Self.clock(secondsLeft))" }
        var top = [
            TerminalText.spread("\(sheet.title)  ·  \(sheet.badge)", time, to: width),
            TerminalText.spread(headline(sheet), status(sheet), to: width),
            rule,
        ]
        // The notice and the keys wrap to two lines each on a narrow terminal, never cut.
        let bottom =
            [rule] + Array(TerminalText.wrap(sheet.notice ?? prompt(sheet), to: width).prefix(2))
            + Array(TerminalText.wrap(keys(sheet), to: width).prefix(2))
        let room = max(0, height - top.count - bottom.count)
        var body = self.body(sheet, width: width)
        if body.count > room {
            body = Array(body.prefix(max(0, room - 1))) + (room > 0 ? ["  … (make the window taller to see more)"] : [])
        }
        top += body + Array(repeating: "", count: max(0, room - body.count)) + bottom
        return top.prefix(max(1, height)).map { TerminalText.truncate($0, to: width) }
    }

    /// `mm:ss`, or `h:mm:ss` for an hour or more.
    static func clock(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0
            ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(twoDigits(minutes)):\(twoDigits(rest))"
    }

    private func headline(_ sheet: ExamSheet) -> String {
        if case .review = sheet.mode { return "Review: \(sheet.answeredCount) of \(sheet.answerableCount) answered" }
        let item = sheet.current
        let flag = sheet.flags.contains(item.position) ? "  [flagged]" : ""
        let refused = sheet.refused[item.position] != nil ? "  [not saved]" : ""
        return "Item \(item.position) of \(sheet.items.count)  ·  \(Output.number(item.points)) points\(flag)\(refused)"
    }

    private func status(_ sheet: ExamSheet) -> String {
        switch sheet.link {
        case .offline(let seconds):
            "offline – will retry in \(seconds) s (\(sheet.unsent.count) unsent)"
        case .paused:
            "paused by the proctor – answers wait (\(sheet.unsent.count) unsent)"
        case .saving, .online:
            sheet.unsent.isEmpty ? "saved" : "saving…"
        }
    }

    private func prompt(_ sheet: ExamSheet) -> String {
        switch sheet.mode {
        case .goTo(let typed): "Go to item: \(typed)_   (Enter to go, Esc to stay)"
        case .choosing(let typed): "Choice: \(typed)_   (Enter chooses \(typed), or type the next digit)"
        case .typing: "Typing: Enter saves, Esc leaves the answer as it was."
        case .confirmSubmit:
            "Hand in now? \(sheet.answeredCount) of \(sheet.answerableCount) answered, "
                + "\(sheet.flags.count) flagged\(notSaved(sheet)). y hands in, any other key goes back."
        case .confirmQuit:
            "Leave? y leaves, any other key stays. Answers are kept and the clock runs on; run muster take again to go on."
        case .finished(let message): message
        case .item, .review: ""
        }
    }

    /// ", 2 not saved (the server keeps the earlier answers)" when the server refused some.
    private func notSaved(_ sheet: ExamSheet) -> String {
        sheet.refused.isEmpty ? "" : ", \(sheet.refused.count) not saved (the server keeps the earlier answers)"
    }

    private func keys(_ sheet: ExamSheet) -> String {
        let keys: String
        switch sheet.mode {
        case .review: keys = "g go to item · any other key: back"
        case .finished: keys = "Press any key to close."
        case .item:
            let choices = "1-\(sheet.choiceCount)"
            let answer =
                switch sheet.current.kind {
                case "single-choice", "true-false": "\(choices) choose"
                case "multiple-response": "\(choices) tick/untick"
                case "matching": "↑/↓ prompt, \(choices) match, 0 clear"
                case "ordering": "↑/↓ pick, +/- move up/down"
                case "short-answer", "numeric", "essay": "Enter type answer"
                default: "no answer here"
                }
            keys = "←/→ item · \(answer) · x clear · f flag · g go to · r review · s hand in · q leave"
        default: keys = ""
        }
        return keys
    }

    private func body(_ sheet: ExamSheet, width: Int) -> [String] {
        if case .review = sheet.mode { return review(sheet, width: width) }
        let item = sheet.current
        let text = { (value: LocalizedText) in value.text(in: sheet.language) }
        var lines = TerminalText.wrap(text(item.prompt), to: width)
        lines.append("")
        let answer = sheet.answers[item.position]
        func option(_ marker: String, _ number: Int, _ label: String) {
            lines += TerminalText.wrap("  \(marker) \(number)  \(label)", to: width, indent: 9)
        }
        switch item.kind {
        case "single-choice":
            for (index, label) in (item.options ?? []).enumerated() {
                option(answer == .choice(index) ? "(•)" : "( )", index + 1, text(label))
            }
        case "multiple-response":
            var ticked: [Int] = []
            if case .choices(let chosen) = answer { ticked = chosen }
            for (index, label) in (item.options ?? []).enumerated() {
                option(ticked.contains(index) ? "[x]" : "[ ]", index + 1, text(label))
            }
        case "true-false":
            option(answer == .truth(true) ? "(•)" : "( )", 1, "True  对")
            option(answer == .truth(false) ? "(•)" : "( )", 2, "False  错")
        case "short-answer", "numeric", "essay":
            if case .typing(let typed) = sheet.mode {
                lines += TerminalText.wrap("  > \(typed)_", to: width, indent: 4)
            } else {
                let given =
                    switch answer {
                    case .text(let typed): typed
                    case .number(let number): Output.number(number)
                    default: "(no answer yet: press Enter to type)"
                    }
                lines += TerminalText.wrap("  Answer: \(given)", to: width, indent: 10)
            }
        case "matching": lines += matching(sheet, answer, width: width)
        case "ordering":
            let entries = item.entries ?? []
            var order = Array(entries.indices)
            if case .order(let given) = answer, given.count == entries.count { order = given }
            for (place, entry) in order.enumerated() where entries.indices.contains(entry) {
                let marker = place == sheet.cursor ? "▸" : " "
                lines += TerminalText.wrap("  \(marker) \(place + 1).  \(text(entries[entry]))", to: width, indent: 8)
            }
        default:
            lines.append("  (Nothing to answer here: the examiner records this part.)")
        }
        return lines
    }

    private func matching(_ sheet: ExamSheet, _ answer: CandidateAnswer?, width: Int) -> [String] {
        let item = sheet.current
        let text = { (value: LocalizedText) in value.text(in: sheet.language) }
        let right = item.right ?? []
        var chosen: [Int?] = []
        if case .matches(let given) = answer { chosen = given }
        var lines: [String] = []
        for (row, left) in (item.left ?? []).enumerated() {
            let marker = row == sheet.cursor ? "▸" : " "
            let match = chosen.indices.contains(row) ? chosen[row].map { "\($0 + 1)" } ?? "–" : "–"
            lines += TerminalText.wrap("  \(marker) \(text(left))  →  \(match)", to: width, indent: 6)
        }
        lines.append("")
        for (index, label) in right.enumerated() {
            lines += TerminalText.wrap("     \(index + 1)  \(text(label))", to: width, indent: 9)
        }
        return lines
    }

    private func review(_ sheet: ExamSheet, width: Int) -> [String] {
        let cells = sheet.items.map { item -> String in
            let answered = sheet.answers[item.position] != nil ? "✓" : "·"
            let flagged = sheet.flags.contains(item.position) ? "F" : " "
            let unsent = sheet.refused[item.position] != nil ? "!" : sheet.unsent.contains(item.position) ? "*" : " "
            return TerminalText.pad("\(item.position) \(answered)\(flagged)\(unsent)", to: 9)
        }
        let perLine = max(1, width / 9)
        var lines = stride(from: 0, to: cells.count, by: perLine).map {
            cells[$0..<min(cells.count, $0 + perLine)].joined()
        }
        lines += ["", "✓ answered   · not yet   F flagged   * not yet saved on the server   ! refused by the server"]
        return lines
    }
}
