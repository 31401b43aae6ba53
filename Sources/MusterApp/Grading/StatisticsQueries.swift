import Foundation
import MusterDomain
import MusterStore

/// An exam's item statistics, with each item's prompt for people to read.
public struct ExamStatisticsReport: Sendable, Codable, Equatable {
    public var exam: String
    public var title: String
    /// `first` (each officer's first attempt, the default) or `all`.
    public var attempts: String
    public var statistics: ItemStatistics
    /// Rasch difficulties measured from the same responses, beside the classical facility.
    public var rasch: RaschCalibration
    /// Each item's prompt, by item id.
    public var prompts: [String: String]
}

extension UseCases {
    /// Classical item statistics of an exam's final results: first attempts unless
    /// `allAttempts`; voided items left out.
    ///
    /// - Throws: ``MusterError`` `forbidden`, `exam_not_found`.
    public func examStatistics(
        _ code: String, allAttempts: Bool = false, context: UseCaseContext
    ) async throws -> ExamStatisticsReport {
        try context.require(.readExams)
        return try await transaction(context) { connection in
            guard
                let exam = try await ExamRepository(logger: context.logger).current(on: connection).first(where: {
                    $0.exam.code == code
                })?.exam
            else {
                throw MusterError(.notFound, code: "exam_not_found", "There is no exam \(code).")
            }
            let results = ResultRepository(logger: context.logger)
            let ids = try await results.finalAttempts(exam: code, allAttempts: allAttempts, on: connection)
            var graded: [AttemptMarks] = []
            var versions: Set<Int> = []
            for start in stride(from: 0, to: ids.count, by: 2_000) {
                let batch = Array(ids[start..<min(ids.count, start + 2_000)])
                let attempts = try await results.attempts(ids: batch, on: connection)
                let marks = try await results.marks(attempts: batch, on: connection)
                for id in batch {
                    guard let (attempt, entries) = attempts[id], let stored = marks[id] else { continue }
                    graded.append(AttemptMarks(marks: Self.slotted(stored, entries: entries)))
                    versions.insert(attempt.examVersion)
                }
            }
            // Prompts once per exam version the attempts pinned, for the items that were graded.
            let gradedItems = Set(graded.flatMap { $0.marks.map(\.item) })
            var prompts: [String: String] = [:]
            for version in versions.sorted() {
                let pinned = try await examDefinition(code, version: version, on: connection, context: context)
                for item in try await bankItems(of: pinned, on: connection, context: context)
                where prompts[item.id] == nil && gradedItems.contains(item.id) {
                    prompts[item.id] = item.prompt.text()
                }
            }
            return ExamStatisticsReport(
                exam: code, title: exam.title.text(), attempts: allAttempts ? "all" : "first",
                statistics: ItemStatistics(graded), rasch: RaschCalibration(graded), prompts: prompts)
        }
    }

    /// Marks with their slots (section and rank within it), voided positions left out.
    static func slotted(_ marks: [ItemMark], entries: [FormEntry]) -> [AttemptMarks.Mark] {
        var rank: [Int: String] = [:]
        for (section, positions) in Dictionary(grouping: entries, by: \.section) {
            for (index, entry) in positions.sorted(by: { $0.position < $1.position }).enumerated() {
                rank[entry.position] = "\(section)#\(index + 1)"
            }
        }
        return marks.filter { $0.method != .voided }.map {
            AttemptMarks.Mark(
                slot: rank[$0.position] ?? "\($0.position)", item: $0.itemID, earned: $0.earned ?? 0,
                maximum: $0.maximum)
        }
    }
}
