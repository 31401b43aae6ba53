import Foundation
import MusterApp
import MusterDomain

/// A key the candidate pressed, decoded from the terminal's bytes.
enum ExamKey: Equatable, Sendable {
    case character(Character)
    case enter, backspace, escape, up, down, left, right, pageUp, pageDown
}

/// The exam as the terminal shows it: the form, the candidate's answers and flags, where they
/// are, and what is still on its way to the server. Pure: keys go in, the answers to save come
/// out; the terminal session does the saving.
struct ExamSheet {
    /// What the keys do at the moment.
    enum Mode: Equatable {
        /// One item on screen; keys answer it and move between items.
        case item
        /// Typing the number of the item to go to.
        case goTo(String)
        /// Typing a choice number on an item with more than nine choices (`1` may yet become `12`).
        case choosing(String)
        /// Typing a written answer (short answer, number, essay).
        case typing(String)
        /// The list of all items with answered and flagged marks.
        case review
        /// Asking whether to hand in.
        case confirmSubmit
        /// Asking whether to leave (answers are kept; the exam can be resumed).
        case confirmQuit
        /// Handed in or time up: nothing more can be answered.
        case finished(String)
    }

    /// What the session must do after a key.
    enum Effect: Equatable {
        /// Journal and send this answer.
        case save(AnswerJournal.Entry)
        case submit
        case quit
    }

    /// The line between the terminal and the server, for the status shown at the top.
    enum Link: Equatable {
        case online
        case saving
        /// A proctor has stopped the clock: answers wait until it runs again.
        case paused
        case offline(retryInSeconds: Int)
    }

    let attempt: Int64
    let title: String
    let badge: String
    let items: [CandidateItem]
    /// The language item texts are shown in (nil: each text's default).
    let language: String?
    private(set) var answers: [Int: CandidateAnswer] = [:]
    private(set) var flags: Set<Int> = []
    /// The last sequence number given per position.
    private(set) var sequences: [Int: Int64] = [:]
    /// Positions whose latest answer the server has not yet acknowledged.
    private(set) var unsent: Set<Int> = []
    /// Positions whose latest answer the server refused, with its reason: the answer stays on
    /// screen, marked not saved, until the candidate changes it.
    private(set) var refused: [Int: String] = [:]
    /// Which item is on screen (an index into `items`).
    private(set) var index = 0
    /// The row picked on matching and ordering items.
    private(set) var cursor = 0
    var mode: Mode = .item
    /// A one-line notice under the item (a refusal, a hint).
    var notice: String?
    var link: Link = .online
    /// When time ends, on this terminal's monotonic clock (reset from every server answer).
    var deadline: ContinuousClock.Instant

    init(view: AttemptView, title: String, language: String?, now: ContinuousClock.Instant) {
        attempt = view.attempt.id
        self.title = title
        badge = view.attempt.badge
        items = view.items.sorted { $0.position < $1.position }
        self.language = language
        deadline = now + .seconds(view.secondsRemaining)
        for saved in view.answers {
            answers[saved.position] = saved.answer
            if saved.flagged { flags.insert(saved.position) }
            sequences[saved.position] = saved.sequence
        }
        if view.attempt.pausedAt != nil { link = .paused }
        if view.attempt.status != .active {
            mode = .finished("This attempt was \(view.attempt.status.rawValue); nothing more can be answered.")
        }
    }

    /// The item on screen.
    var current: CandidateItem { items[index] }

    /// Takes in journal entries the server does not hold yet (given while offline, or before a
    /// crash); returns them, to be sent again.
    mutating func restore(_ journal: [Int: AnswerJournal.Entry]) -> [AnswerJournal.Entry] {
        var resend: [AnswerJournal.Entry] = []
        for (position, entry) in journal.sorted(by: { $0.key < $1.key })
        where entry.sequence > sequences[position] ?? 0 && items.contains(where: { $0.position == position }) {
            answers[position] = entry.answer
            if entry.flagged { flags.insert(position) } else { flags.remove(position) }
            sequences[position] = entry.sequence
            unsent.insert(position)
            resend.append(entry)
        }
        return resend
    }

    /// The server now holds `sequence` (or later) for `position`.
    mutating func acknowledge(position: Int, sequence: Int64) {
        guard sequence >= sequences[position] ?? 0 else { return }
        unsent.remove(position)
        refused[position] = nil
    }

    /// The server already held a save of `position` with this or a later sequence number, from
    /// another terminal signed in as the same officer: the server's answer is shown from now on.
    /// `sequence` is the save the server answered; when the candidate has answered the position
    /// again since, that newer answer is on its way and decides, so nothing is adopted.
    mutating func adopt(_ saved: SavedAnswer?, position: Int, sequence: Int64) {
        guard sequence == sequences[position] ?? 0 else { return }
        refused[position] = nil
        let before = (answers[position], flags.contains(position))
        answers[position] = saved?.answer
        if saved?.flagged == true { flags.insert(position) } else { flags.remove(position) }
        sequences[position] = max(sequences[position] ?? 0, saved?.sequence ?? 0)
        unsent.remove(position)
        if before != (answers[position], flags.contains(position)) {
            notice = "Item \(position) was answered from another terminal; the server's answer is shown."
        }
    }

    /// The server refused an answer as given: it stays on screen, marked not saved, and the
    /// server keeps the answer it held before.
    mutating func reject(position: Int, sequence: Int64, reason: String) {
        guard sequence == sequences[position] ?? 0 else { return }
        unsent.remove(position)
        refused[position] = reason
        notice = "Item \(position) was not saved: \(reason)"
    }

    /// Takes the attempt as the server holds it now: its clock, a pause begun or ended by a
    /// proctor, and whether it still takes answers.
    mutating func refresh(from view: AttemptView, now: ContinuousClock.Instant) {
        deadline = now + .seconds(view.secondsRemaining)
        if view.attempt.pausedAt != nil {
            link = .paused
        } else if link == .paused {
            link = .online
        }
        if view.attempt.status != .active, !isFinished {
            mode = .finished("This attempt was \(view.attempt.status.rawValue); nothing more can be answered.")
        }
    }

    /// Whether the exam is over on this terminal (handed in, closed, or time up).
    var isFinished: Bool {
        if case .finished = mode { return true }
        return false
    }

    /// Applies one key; returns what must be saved or done.
    mutating func handle(_ pressed: ExamKey) -> [Effect] {
        notice = nil
        let key = Self.plain(pressed)
        switch mode {
        case .item: return handleItem(key)
        case .goTo(let typed): return handleGoTo(key, typed)
        case .choosing(let typed): return handleChoosing(key, typed)
        case .typing(let typed): return handleTyping(key, typed)
        case .review:
            switch key {
            case .character("g"): mode = .goTo("")
            case .character("q"): mode = .confirmQuit
            default: mode = .item
            }
            return []
        case .confirmSubmit:
            mode = .item
            return key == .character("y") || key == .character("Y") ? [.submit] : []
        case .confirmQuit:
            mode = .item
            return key == .character("y") || key == .character("Y") ? [.quit] : []
        case .finished:
            return [.quit]
        }
    }

    private mutating func handleItem(_ key: ExamKey) -> [Effect] {
        switch key {
        case .right, .pageDown, .character("n"), .character(" "): move(to: index + 1)
        case .left, .pageUp, .character("p"): move(to: index - 1)
        case .up: cursor = max(0, cursor - 1)
        case .down: cursor = min(max(0, rows - 1), cursor + 1)
        case .character("g"): mode = .goTo("")
        case .character("r"): mode = .review
        case .character("s"): mode = .confirmSubmit
        case .character("q"), .character("\u{03}"): mode = .confirmQuit
        case .character("f"):
            if flags.remove(current.position) == nil { flags.insert(current.position) }
            return [record(current.position)]
        case .character("x"):
            guard answers[current.position] != nil else { return [] }
            answers[current.position] = nil
            return [record(current.position)]
        case .enter:
            guard ["short-answer", "numeric", "essay"].contains(current.kind) else { return [] }
            mode = .typing(typedText(answers[current.position]))
        case .character("+"), .character("-"):
            return reorder(up: key == .character("+"))
        case .character(let digit) where digit.isASCII && digit.isNumber:
            return handleChoosing(key, "")
        default:
            notice = "Keys: ←/→ move, 1-9 choose, f flag, g go to, r review, s hand in, q leave."
        }
        return []
    }

    /// Full-width digits and signs (what a Chinese input method types) as the plain ones.
    static func plain(_ key: ExamKey) -> ExamKey {
        guard case .character(let character) = key, !character.isASCII else { return key }
        let plain = String(character).precomposedStringWithCompatibilityMapping
        guard plain.count == 1, let first = plain.first, first.isASCII else { return key }
        return .character(first)
    }

    private mutating func handleGoTo(_ key: ExamKey, _ typed: String) -> [Effect] {
        switch key {
        case .character(let digit) where digit.isASCII && digit.isNumber && typed.count < 4:
            mode = .goTo(typed + String(digit))
        case .backspace: mode = .goTo(String(typed.dropLast()))
        case .enter:
            mode = .item
            guard let number = Int(typed), let target = items.firstIndex(where: { $0.position == number }) else {
                notice = "There is no item \(typed); items are 1 to \(items.last?.position ?? 0)."
                return []
            }
            move(to: target)
        case .escape: mode = .item
        default: break
        }
        return []
    }

    /// A digit typed on an item: chosen at once when no further digit could make a larger
    /// choice number (always, with nine choices or fewer), otherwise held until the next digit
    /// or Enter.
    private mutating func handleChoosing(_ key: ExamKey, _ typed: String) -> [Effect] {
        switch key {
        case .character(let digit) where digit.isASCII && digit.isNumber:
            let number = typed + String(digit)
            let value = Int(number) ?? 0
            if value == 0 || value * 10 > choiceCount || number.count >= 3 {
                mode = .item
                return choose(value)
            }
            mode = .choosing(number)
        case .backspace:
            mode = typed.count > 1 ? .choosing(String(typed.dropLast())) : .item
        case .enter:
            mode = .item
            if let value = Int(typed) { return choose(value) }
        default: mode = .item
        }
        return []
    }

    /// The highest choice number on the item on screen.
    var choiceCount: Int {
        switch current.kind {
        case "single-choice", "multiple-response": current.options?.count ?? 0
        case "true-false": 2
        case "matching": current.right?.count ?? 0
        default: 0
        }
    }

    private mutating func handleTyping(_ key: ExamKey, _ typed: String) -> [Effect] {
        switch key {
        case .character("\u{03}"): mode = .item
        case .character(let character)
        where character.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }):
            guard typed.count < CandidateAnswer.maximumTextLength else { return [] }
            mode = .typing(typed + String(character))
        case .backspace: mode = .typing(String(typed.dropLast()))
        case .escape: mode = .item
        case .enter:
            let text = typed.trimmingCharacters(in: .whitespaces)
            let answer: CandidateAnswer?
            if text.isEmpty {
                answer = nil
            } else if current.kind == "numeric" {
                let plain = text.precomposedStringWithCompatibilityMapping.replacing(",", with: ".")
                guard let number = Double(plain), number.isFinite else {
                    notice = "'\(text)' is not a number; type digits, with a point for decimals."
                    return []
                }
                answer = .number(number)
            } else {
                answer = .text(text)
            }
            mode = .item
            guard answer != answers[current.position] else { return [] }
            answers[current.position] = answer
            return [record(current.position)]
        default: break
        }
        return []
    }

    /// A digit on the item on screen: choose, tick, say true or false, or match the picked row.
    private mutating func choose(_ digit: Int) -> [Effect] {
        let position = current.position
        let chosen = digit - 1
        switch current.kind {
        case "single-choice":
            guard (0..<(current.options?.count ?? 0)).contains(chosen) else { return outOfRange() }
            answers[position] = .choice(chosen)
        case "multiple-response":
            guard (0..<(current.options?.count ?? 0)).contains(chosen) else { return outOfRange() }
            var ticked: [Int] = []
            if case .choices(let already) = answers[position] { ticked = already }
            if let at = ticked.firstIndex(of: chosen) { ticked.remove(at: at) } else { ticked.append(chosen) }
            answers[position] = .choices(ticked.sorted())
        case "true-false":
            guard digit == 1 || digit == 2 else { return outOfRange() }
            answers[position] = .truth(digit == 1)
        case "matching":
            let prompts = current.left?.count ?? 0
            guard digit == 0 || (0..<(current.right?.count ?? 0)).contains(chosen), cursor < prompts else {
                return outOfRange()
            }
            var matches = [Int?](repeating: nil, count: prompts)
            if case .matches(let already) = answers[position], already.count == prompts { matches = already }
            matches[cursor] = digit == 0 ? nil : chosen
            answers[position] = .matches(matches)
            cursor = min(prompts - 1, cursor + 1)
        case "short-answer", "numeric", "essay":
            notice = "Press Enter to type the answer."
            return []
        default:
            notice = "Nothing to answer here: the examiner records this part."
            return []
        }
        return [record(position)]
    }

    /// Moves the picked entry of an ordering item one place up or down.
    private mutating func reorder(up: Bool) -> [Effect] {
        guard current.kind == "ordering", let count = current.entries?.count, count > 1 else { return [] }
        var order = Array(0..<count)
        if case .order(let already) = answers[current.position], already.count == count { order = already }
        let target = up ? cursor - 1 : cursor + 1
        guard order.indices.contains(target), order.indices.contains(cursor) else { return [] }
        order.swapAt(cursor, target)
        cursor = target
        answers[current.position] = .order(order)
        return [record(current.position)]
    }

    private mutating func outOfRange() -> [Effect] {
        notice = "That number is not one of the choices shown."
        return []
    }

    /// The next save of `position`: its whole state under a new sequence number.
    private mutating func record(_ position: Int) -> Effect {
        let sequence = (sequences[position] ?? 0) + 1
        sequences[position] = sequence
        unsent.insert(position)
        refused[position] = nil
        return .save(
            AnswerJournal.Entry(
                attempt: attempt, position: position, sequence: sequence, answer: answers[position],
                flagged: flags.contains(position)))
    }

    private mutating func move(to target: Int) {
        index = min(max(0, target), items.count - 1)
        cursor = 0
    }

    /// Rows the cursor moves over on the item on screen.
    private var rows: Int {
        current.kind == "matching" ? current.left?.count ?? 0 : current.entries?.count ?? 0
    }

    private func typedText(_ answer: CandidateAnswer?) -> String {
        switch answer {
        case .text(let text): text
        case .number(let number): Output.number(number)
        default: ""
        }
    }

    /// How many positions that take an answer hold one.
    var answeredCount: Int { items.filter { answers[$0.position] != nil }.count }

    /// Positions that take an answer from the candidate.
    var answerableCount: Int { items.filter { !["practical", "description"].contains($0.kind) }.count }
}
