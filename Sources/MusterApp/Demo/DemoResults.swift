import Foundation
import MusterDomain
import MusterFormats
import MusterStore

/// Answers a simulated candidate gives: right with a probability set by their ability and the
/// item's difficulty, otherwise wrong, now and then left blank. Read off the key by index.
enum DemoAnswers {
    /// A full-credit answer to `item` as shown at `entry`.
    static func right(_ item: Item, at entry: FormEntry) -> CandidateAnswer? {
        let shown = CandidateItem(item, at: entry)
        switch item.kind {
        case .singleChoice(let options):
            let best = options.max { $0.fraction < $1.fraction }?.text
            return shown.options?.firstIndex { $0 == best }.map(CandidateAnswer.choice)
        case .multipleResponse(let key):
            let right = Set(key.options.filter { $0.fraction > 0 }.map(\.text))
            return .choices(
                (shown.options ?? []).indices.filter { right.contains(shown.options?[$0] ?? LocalizedText("")) })
        case .trueFalse(let key): return .truth(key.answer)
        case .numeric(let answers):
            switch answers.first(where: { $0.fraction == 1 })?.accepts {
            case .value(let value, _)?: return .number(value)
            case .range(let minimum, _)?: return .number(minimum)
            case nil: return nil
            }
        default: return nil
        }
    }

    /// A no-credit answer to `item` as shown at `entry`.
    static func wrong(_ item: Item, at entry: FormEntry) -> CandidateAnswer? {
        let shown = CandidateItem(item, at: entry)
        switch item.kind {
        case .singleChoice(let options):
            let wrong = options.first { $0.fraction <= 0 }?.text
            return shown.options?.firstIndex { $0 == wrong }.map(CandidateAnswer.choice)
        case .multipleResponse(let key):
            let wrong = key.options.first { $0.fraction <= 0 }?.text
            return shown.options?.firstIndex { $0 == wrong }.map { .choices([$0]) }
        case .trueFalse(let key): return .truth(!key.answer)
        case .numeric(let answers):
            guard case .value(let value, let tolerance)? = answers.first?.accepts else { return .number(-1) }
            return .number(value + abs(tolerance) + 1)
        default: return nil
        }
    }

    /// The answer of a candidate of `ability` (0 to 1): right with that chance, less for hard
    /// items and more for easy ones; one in twenty left blank.
    static func given(
        _ item: Item, at entry: FormEntry, ability: Double, random: inout SeededGenerator
    ) -> CandidateAnswer? {
        let roll = Double(random.next() % 10_000) / 10_000
        if roll > 0.95 { return nil }
        let shift: Double =
            switch item.difficulty {
            case .easy: 0.15
            case .hard: -0.2
            default: 0
            }
        let chance = min(0.98, max(0.05, ability + shift))
        return Double(random.next() % 10_000) / 10_000 < chance ? right(item, at: entry) : wrong(item, at: entry)
    }
}

extension UseCases {
    /// A finished sitting two weeks ago: the public-relations paper taken by `candidates` with a
    /// spread of ability, every attempt handed in and graded, certificates issued to those who
    /// passed. Runs the same use cases as a real exam day, on a clock set to that day; answers go
    /// through the answer log's own write.
    func seedDemoResults(candidates: [Officer], track: Track, context: UseCaseContext) async throws -> Int {
        guard !candidates.isEmpty, let connection = context.transaction else { return 0 }
        let day = context.today.addingDays(-14)
        func at(_ time: String) -> WallClock {
            .fixed(context.calendar.instant(parsing: "\(day)T\(time)") ?? context.now)
        }
        let before = context.moved(to: at("08:00"))
        _ = try await importAttendance(
            SourceFile(
                fileName: "demo-past-training.csv",
                text: DemoTraining.attendanceCSV(candidates.map { ($0.badge, track) }, today: day)),
            context: before)
        let sitting = try await scheduleSitting(
            SittingPlan(
                exam: "police-pr-written", venue: "训练中心第一考场 Training Centre exam room 1",
                capacity: candidates.count, start: "\(day)T09:00", end: "\(day)T10:30", proctor: "demo.proctor",
                unit: "PSB.TRAIN"),
            context: before)
        _ = try await enroll(candidates.map { Candidate(badge: $0.badge) }, in: sitting.code, context: before)
        let accessCode = try await showSitting(sitting.code, context: before).sitting.accessCode
        var random = SeededGenerator(seed: 20_261_112)
        let attempts = AttemptRepository(logger: context.logger)
        for (index, officer) in candidates.enumerated() {
            let principal = Principal(
                userID: 0, username: "demo.\(officer.badge)", displayName: officer.name, badge: officer.badge,
                grants: [RoleGrant(role: .officer)])
            let candidate = self.context(for: principal).within(connection)
            let view = try await startAttempt(
                sitting: sitting.code, accessCode: accessCode, context: candidate.moved(to: at("09:05")))
            let form = try await attemptForm(
                view.attempt,
                entries: try await attempts.attempt(
                    id: view.attempt.id, on: connection)?.1 ?? [], on: connection, context: context)
            // Abilities spread from 0.3 to 0.95 across the room.
            let ability = 0.3 + 0.65 * Double((index * 37) % candidates.count) / Double(max(1, candidates.count - 1))
            let received = at("09:30").now()
            let saves = form.entries.compactMap { entry -> AnswerSave? in
                guard let item = form.items[entry.itemID],
                    let answer = DemoAnswers.given(item, at: entry, ability: ability, random: &random),
                    let json = try? JSONEncoder().encode(answer)
                else { return nil }
                return AnswerSave(
                    attemptID: view.attempt.id, position: entry.position, sequence: 1,
                    answerJSON: String(decoding: json, as: UTF8.self), flagged: false, receivedAt: received)
            }
            _ = try await attempts.save(saves, grace: delivery.answerGrace, on: connection)
            _ = try await submitAttempt(view.attempt.id, context: candidate.moved(to: at("09:50")))
        }
        return candidates.count
    }
}

extension UseCaseContext {
    /// The same context on another clock (the demo replays a past exam day).
    func moved(to clock: WallClock) -> UseCaseContext {
        UseCaseContext(
            principal: principal, requestID: requestID, clock: clock, calendar: calendar, logger: logger,
            transaction: transaction)
    }
}
