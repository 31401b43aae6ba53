import Foundation
import MusterDomain
import MusterStore
import PostgresNIO

/// A mark as a trainer or examiner gives it: rubric levels by criterion, points, or a
/// measurement (the officer's sex and age on the sitting's day are looked up).
public enum MarkInput: Sendable, Hashable {
    /// For each criterion (its number from 1, or its name in any language) the level (its number
    /// from 1, or its label).
    case rubric([String: String])
    /// Points for an essay without a rubric.
    case points(Double)
    /// A practical station's measurement in the station's unit.
    case measurement(Double)
}

/// What marking one position came to.
public struct MarkReceipt: Sendable, Codable, Equatable {
    public var attempt: Int64
    public var position: Int
    /// The role the mark took: first, second (double marking) or moderator.
    public var role: MarkerRole
    /// What this mark alone is worth.
    public var given: Double
    /// What the position earns now; nil while it waits for a second mark or moderation.
    public var earned: Double?
    public var maximum: Double
    /// What the position still waits for, if anything.
    public var awaiting: ItemMark.Awaiting?
    /// The attempt's result after the mark.
    public var result: ResultSummary
    /// Certificates the now final pass issued.
    public var issued: [String]
}

/// An attempt's result in brief.
public struct ResultSummary: Sendable, Codable, Equatable {
    public var score: Double
    public var maximum: Double
    public var percent: Double
    public var final: Bool
    public var passed: Bool?
    public var band: String?
    /// Positions still waiting for a mark.
    public var pending: [Int]
    /// A practical mark used a table group marked as a placeholder.
    public var placeholderTable: Bool

    init(_ grade: AttemptGrade) {
        score = grade.score
        maximum = grade.maximum
        percent = grade.percent
        final = grade.isFinal
        passed = grade.passed
        band = grade.band
        pending = grade.pending
        placeholderTable = grade.usesPlaceholderTable
    }
}

extension UseCases {
    /// Positions waiting for a trainer or examiner in the caller's sittings (by unit), oldest
    /// hand-in first; of one exam when given.
    ///
    /// - Throws: ``MusterError`` `forbidden` without a grading role.
    public func gradingQueue(exam: String?, limit: Int = 500, context: UseCaseContext) async throws -> [PendingMark] {
        let scope = try context.sittingScope(for: .gradeAttempts)
        return try await transaction(context) { connection in
            // A code exams cannot have (any byte may arrive in a query) is not looked up.
            if let exam {
                let known =
                    exam.range(of: #"^[a-z0-9][a-z0-9-]{0,63}$"#, options: .regularExpression) != nil
                    ? try await ExamRepository(logger: context.logger).latest(code: exam, on: connection) : nil
                guard known != nil else {
                    throw MusterError(.notFound, code: "exam_not_found", "There is no exam \(exam).")
                }
            }
            return try await ResultRepository(logger: context.logger).pending(
                exam: exam, within: scope, marker: context.principal.username, limit: max(1, min(limit, 5_000)),
                on: connection)
        }
    }

    /// Marks one position of a handed-in attempt (an essay on its rubric or with points, a
    /// practical station by its measurement), regrades the attempt, and issues the certificate
    /// when the result becomes a final pass, in one transaction; audited as `attempt.mark`.
    ///
    /// Without double marking, marking a position again replaces the earlier mark. With the
    /// exam's ``SecondMarking`` the caller's mark takes the first free role: first, second
    /// (another person), then moderator (a third person) when the two disagree beyond the
    /// tolerance. The first marker may correct their mark until the second has marked, the
    /// moderator theirs at any time; the second mark stands once given.
    ///
    /// - Throws: ``MusterError`` `attempt_not_found` (also outside the caller's sittings),
    ///   `attempt_not_submitted`, `invalid_position`, `invalid_mark`, `note_too_long`,
    ///   `marking_complete` (the caller's mark stands, two marks agree, or another person
    ///   moderated).
    public func markPosition(
        attempt id: Int64, position: Int, _ input: MarkInput, note: String?, context: UseCaseContext
    ) async throws -> MarkReceipt {
        let scope = try context.sittingScope(for: .gradeAttempts)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 2_000 {
            throw MusterError(.invalidInput, code: "note_too_long", "A note has at most 2,000 characters.")
        }
        let notFound = MusterError(.notFound, code: "attempt_not_found", "There is no attempt \(id) in your sittings.")
        return try await transaction(context) { connection in
            guard
                let (attempt, entries) = try await AttemptRepository(logger: context.logger).attempt(
                    id: id, locking: true, on: connection),
                try await SittingRepository(logger: context.logger).sitting(
                    code: attempt.sitting, within: scope, on: connection) != nil
            else { throw notFound }
            guard attempt.status == .submitted else {
                throw MusterError(
                    .conflict, code: "attempt_not_submitted",
                    "Attempt \(id) is \(attempt.status.rawValue); only handed-in attempts are marked.")
            }
            let form = try await attemptForm(attempt, entries: entries, on: connection, context: context)
            guard let (entry, item) = form.item(at: position) else {
                throw MusterError(
                    .invalidInput, code: "invalid_position",
                    "Attempt \(id) has positions 1 to \(entries.count); there is no position \(position).")
            }
            let mark = try await resolve(input, item: item, attempt: attempt, on: connection, context: context)
            if let problem = AttemptGrader.problem(with: mark, for: item, points: entry.points) {
                throw MusterError(.invalidInput, code: "invalid_mark", "Position \(position): \(problem).")
            }
            let results = ResultRepository(logger: context.logger)
            let before = try await results.marks(attempt: id, on: connection).first { $0.position == position }
            let exam = try await examDefinition(
                attempt.exam, version: attempt.examVersion, on: connection, context: context)
            let holders = try await results.markers(attempt: id, position: position, on: connection)
            guard
                let role = SecondMarking.role(
                    for: context.principal.username, holders: holders, awaiting: before?.awaiting,
                    policy: exam.secondMarking)
            else {
                throw MusterError(
                    .conflict, code: "marking_complete",
                    SecondMarking.refusal(
                        for: context.principal.username, holders: holders, position: position, attempt: id))
            }
            try await results.writeManual(
                attempt: id, position: position, role: role, mark: mark, note: note?.isEmpty == true ? nil : note,
                marker: context.principal.username, at: context.now, on: connection)
            guard let outcome = try await grade(attempt: id, on: connection, context: context),
                let after = outcome.grade.marks.first(where: { $0.position == position })
            else { throw notFound }
            let given = AttemptGrader.points(of: mark, item: item, points: entry.points)
            try await context.audit(on: connection).record(
                "attempt.mark", "attempt", String(id),
                before: MarkAudit(
                    position: position, item: item.id, role: nil, mark: nil, note: nil, earned: before?.earned),
                after: MarkAudit(
                    position: position, item: item.id, role: role, mark: mark, note: note, earned: after.earned))
            return MarkReceipt(
                attempt: id, position: position, role: role, given: given ?? 0, earned: after.earned,
                maximum: after.maximum, awaiting: after.awaiting, result: ResultSummary(outcome.grade),
                issued: outcome.issued)
        }
    }

    /// Turns what the marker typed into a mark for `item`.
    private func resolve(
        _ input: MarkInput, item: Item, attempt: Attempt, on connection: PostgresConnection, context: UseCaseContext
    ) async throws -> ManualMark {
        func refuse(_ message: String) -> MusterError { MusterError(.invalidInput, code: "invalid_mark", message) }
        switch (input, item.kind) {
        case (.rubric(let given), .essay(let rubric?)):
            return .rubric(levels: try Self.levels(given, on: rubric))
        case (.points(let points), .essay(nil)):
            return .points(points)
        case (.measurement(let value), .practical):
            guard
                let officer = try await OfficerRepository(logger: context.logger).officers(
                    badges: [attempt.badge], on: connection)[attempt.badge]
            else {
                throw MusterError(
                    .notFound, code: "officer_not_found", "Officer \(attempt.badge) is not on the roster.")
            }
            let day = context.calendar.day(of: attempt.admittedAt)
            return .measurement(value, sex: officer.sex, age: officer.age(on: day))
        case (_, .essay(.some)):
            throw refuse("This essay is marked on its rubric: give a level for each criterion.")
        case (_, .essay(nil)):
            throw refuse("This essay has no rubric: give the points.")
        case (_, .practical):
            throw refuse("This is a practical station: give the measurement.")
        default:
            throw refuse("\(item.kind.name) items are scored automatically; there is nothing to mark.")
        }
    }

    /// The level index per criterion, in the rubric's order, from criterion and level names or
    /// numbers.
    static func levels(_ given: [String: String], on rubric: Rubric) throws -> [Int] {
        func matches(_ text: String, _ name: LocalizedText) -> Bool {
            name.translations.values.contains { TextNormalization.matches($0, text) }
        }
        func fail(_ message: String) -> MusterError { MusterError(.invalidInput, code: "invalid_mark", message) }
        var levels = [Int?](repeating: nil, count: rubric.criteria.count)
        for (criterionText, levelText) in given {
            let index =
                Int(criterionText).map { $0 - 1 }
                ?? rubric.criteria.firstIndex { matches(criterionText, $0.name) }
            guard let index, rubric.criteria.indices.contains(index) else {
                throw fail(
                    "There is no criterion '\(criterionText)'; the criteria are "
                        + rubric.criteria.enumerated().map { "\($0.offset + 1) \($0.element.name.text())" }
                        .joined(separator: ", ") + ".")
            }
            let criterion = rubric.criteria[index]
            let level = Int(levelText).map { $0 - 1 } ?? criterion.levels.firstIndex { matches(levelText, $0.label) }
            guard let level, criterion.levels.indices.contains(level) else {
                throw fail(
                    "Criterion '\(criterion.name.text())' has no level '\(levelText)'; its levels are "
                        + criterion.levels.enumerated().map { "\($0.offset + 1) \($0.element.label.text())" }
                        .joined(separator: ", ") + ".")
            }
            levels[index] = level
        }
        let missing = rubric.criteria.indices.filter { levels[$0] == nil }
        guard missing.isEmpty else {
            throw fail(
                "Give a level for every criterion; missing: "
                    + missing.map { "\($0 + 1) \(rubric.criteria[$0].name.text())" }.joined(separator: ", ") + ".")
        }
        return levels.map { $0 ?? 0 }
    }
}

/// The audit record of a mark.
struct MarkAudit: Codable, Sendable {
    var position: Int
    var item: String
    var role: MarkerRole?
    var mark: ManualMark?
    var note: String?
    var earned: Double?
}
