import ArgumentParser
import AsyncHTTPClient
import Foundation
import MusterApp
import MusterDomain
import MusterStore

/// `muster take`: an officer sits an exam at an exam-room terminal, full screen, against a
/// running Muster server.
struct TakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Sit an exam at a terminal: full screen, every answer saved as it is given.",
        discussion: """
            Signs in to --server by badge (password from MUSTER_PASSWORD or a prompt), finds your \
            sitting (the one open now, or --sitting) and asks for the access code the proctor \
            gives (or MUSTER_ACCESS_CODE). Each answer is written to a journal in MUSTER_HOME/take \
            (default ~/.muster) before it is sent; when the server cannot be reached the screen \
            says so and the answer is sent again, with growing waits, until it is held. Leave \
            with q and run the same command again to go on where you were: the clock is the \
            server's and keeps running.

            Keys: ←/→ (or n/p) item, 1-9 choose or tick, Enter type an answer, x clear, \
            f flag for review, g go to item, r review list, s hand in (asks first), q leave.
            """
    )

    @Option(help: "The Muster server's URL, e.g. http://exam-server:8080.") var server: String
    @Option(help: "Your badge number.") var badge: String
    @Option(help: "The sitting's code (default: the one of yours that is open now).") var sitting: String?
    @Option(help: "The access code the proctor gives (default: $MUSTER_ACCESS_CODE, else asked).")
    var accessCode: String?
    @Option(help: "Show items in this language when they have it, e.g. zh-CN or en.") var language: String?
    @Option(help: "Folder for the answer journal (default: $MUSTER_HOME, else ~/.muster).") var home: String?

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw MusterError(
                .invalidInput, code: "not_a_terminal", "muster take needs a terminal: run it in a terminal window.")
        }
        let password = try Self.password()
        let connection = try ExamConnection(server: server, badge: badge, password: password, http: .shared)
        print("Connecting to \(connection.server) …")
        do {
            try await Self.retrying("Signing in") { () async throws(ExamConnection.Failure) in
                try await connection.signIn()
            }
        } catch let error as MusterError where error.code == "invalid_credentials" {
            throw MusterError(
                .unauthenticated, code: "invalid_credentials",
                "The badge or password is wrong, or no account is linked to badge \(badge) (ask the training centre).")
        }
        let code = try await sittingCode(connection)
        let journal = try AnswerJournal(home: homeFolder, server: server, badge: badge, sitting: code)
        let view = try await attemptView(connection, sitting: code)
        let title =
            try await Self.retrying("Reading your sittings") { () async throws(ExamConnection.Failure) in
                try await connection.mySittings()
            }.first { $0.sitting == code }?.examTitle.text(in: language) ?? view.attempt.exam
        var sheet = ExamSheet(view: view, title: title, language: language, now: .now)
        let resend = sheet.restore(journal.latest(attempt: view.attempt.id))
        guard let raw = RawTerminal() else {
            throw MusterError(.invalidInput, code: "not_a_terminal", "muster take needs a terminal.")
        }
        let ending = await TakeSession(connection: connection, journal: journal, terminal: raw).run(
            sheet, resend: resend)
        raw.restore()
        switch ending {
        case .handedIn(let receipt):
            print("Handed in: \(receipt.answered) answers held by the server for attempt \(receipt.attempt.id).")
        case .left(let unsent) where unsent > 0:
            print(
                "Left the exam; \(unsent) answers are not on the server yet. They are kept in \(journal.file.path); "
                    + "run the same command again to send them and go on.")
        case .left:
            print("Left the exam; every answer is on the server. Run the same command again to go on; the clock runs.")
        case .closed(let message):
            print(message)
        }
    }

    /// The password from `MUSTER_PASSWORD`, else asked without echo.
    private static func password() throws -> String {
        if let password = ProcessInfo.processInfo.environment["MUSTER_PASSWORD"], !password.isEmpty { return password }
        guard let typed = getpass("Password: ") else {
            throw MusterError(.invalidInput, code: "password_missing", "The exam needs your password.")
        }
        return String(cString: typed)
    }

    /// The journal's folder: `--home`, `MUSTER_HOME`, else `~/.muster`.
    private var homeFolder: URL {
        let environment = ProcessInfo.processInfo.environment
        if let home = home ?? environment["MUSTER_HOME"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return URL(filePath: home, directoryHint: .isDirectory)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appending(path: ".muster", directoryHint: .isDirectory)
    }

    /// `--sitting`, else the caller's one sitting open now.
    private func sittingCode(_ connection: ExamConnection) async throws -> String {
        if let sitting { return sitting }
        let mine = try await Self.retrying("Reading your sittings") { () async throws(ExamConnection.Failure) in
            try await connection.mySittings()
        }
        let now = Date()
        let open = mine.filter { $0.startsAt <= now && now < $0.endsAt }
        if open.count == 1, let only = open.first { return only.sitting }
        let calendar = BureauCalendar.standard
        let listed = mine.prefix(5).map {
            "\($0.sitting) \($0.examTitle.text(in: language)) at \(calendar.minuteText(of: $0.startsAt)) in \($0.venue)"
        }
        if open.isEmpty {
            throw MusterError(
                .conflict, code: "no_open_sitting",
                mine.isEmpty
                    ? "You have no sitting to take now or later; ask your training centre."
                    : "None of your sittings is open now. Yours: \(listed.joined(separator: "; ")).")
        }
        throw MusterError(
            .invalidInput, code: "several_open_sittings",
            "Several of your sittings are open; choose one with --sitting: \(listed.joined(separator: "; ")).")
    }

    /// Starts the attempt, or resumes it (the server answers the same attempt to a second start),
    /// with the access code, waiting in the admission queue when told to. A wrong code typed at
    /// the prompt may be typed again, three times in all.
    private func attemptView(_ connection: ExamConnection, sitting: String) async throws -> AttemptView {
        var tries = 0
        while true {
            tries += 1
            let (code, typed) = try accessCodeText()
            let start: ExamConnection.Start
            do {
                start = try await Self.retrying("Starting the exam") { () async throws(ExamConnection.Failure) in
                    try await connection.start(sitting: sitting, accessCode: code)
                }
            } catch let error as MusterError where error.code == "wrong_access_code" && typed && tries < 3 {
                print("\(error.message) Try again.")
                continue
            }
            switch start {
            case .admitted(let view): return view
            case .queued(let position, let wait):
                print(
                    "Many candidates are starting: you are number \(position) in the queue; trying again in \(wait) s.")
                try await Task.sleep(for: .seconds(wait))
                tries -= 1
            }
        }
    }

    /// The access code, and whether it was typed at the prompt (rather than given beforehand).
    private func accessCodeText() throws -> (String, Bool) {
        if let accessCode { return (accessCode, false) }
        if let code = ProcessInfo.processInfo.environment["MUSTER_ACCESS_CODE"], !code.isEmpty { return (code, false) }
        print("Access code (from the proctor): ", terminator: "")
        guard let typed = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !typed.isEmpty else {
            throw MusterError(.invalidInput, code: "access_code_missing", "The exam needs the proctor's access code.")
        }
        // Full-width digits from a Chinese input method count as the digits they show.
        return (typed.precomposedStringWithCompatibilityMapping, true)
    }

    /// Runs `request`, trying again for about half a minute while the server cannot be reached.
    static func retrying<Value>(
        _ what: String, _ request: () async throws(ExamConnection.Failure) -> Value
    ) async throws -> Value {
        var wait = 0.5
        let giveUp = ContinuousClock.now + .seconds(30)
        while true {
            do throws(ExamConnection.Failure) {
                return try await request()
            } catch {
                if case .refused(let refusal) = error { throw refusal }
                guard ContinuousClock.now + .seconds(wait) < giveUp else {
                    throw MusterError(
                        .unavailable, code: "server_unreachable",
                        "The Muster server cannot be reached; check --server and that the server is running.")
                }
                print("\(what): the server cannot be reached; trying again in \(Output.number(wait)) s.")
                try await Task.sleep(for: .seconds(wait))
                wait = min(8, wait * 2)
            }
        }
    }
}
