import ArgumentParser
import Foundation
import MusterDomain

/// Grades generated attempts in memory with the product's grader (the one scoring function) and
/// prints item-responses per second.
struct GradingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grading",
        abstract: "Grade generated attempts in core; print item-responses/s (target: 5 million/s)."
    )

    @Option(help: "Attempts graded per run.") var attempts = 20_000
    @Option(help: "Items on each form (kinds mixed: choice, multiple, true/false, short, numeric, matching).")
    var items = 50
    @Option(help: "Timed runs; the best and the median are printed.") var runs = 5

    func run() async throws {
        let bank = (0..<items).map(BenchmarkItems.item)
        var random = SeededGenerator(seed: 7)
        let entries = bank.enumerated().map { index, item in
            var order = Array(0..<FormAssembler.optionCount(item.kind))
            order.shuffle(using: &random)
            return FormEntry(position: index + 1, section: "s", itemID: item.id, points: 2, optionOrder: order)
        }
        let form = AttemptForm(entries: entries, catalog: ItemCatalog(bank))
        let exam = ExamDefinition(
            code: "bench", title: LocalizedText("bench"), track: "bench", bank: "bench", bankVersion: 1,
            sections: [.init(name: "s", count: items, points: 2)], timeLimitMinutes: 60, passPercent: 60,
            bands: [.init(name: "pass", fromPercent: 60)], attemptsAllowed: 1, cooldownDays: 0, shuffleItems: true,
            shuffleOptions: true, review: .score)
        let answered = (0..<attempts).map { _ in
            entries.map { entry in
                SavedAnswer(
                    position: entry.position, sequence: 1,
                    answer: Self.answer(to: form.items[entry.itemID]!, random: &random), flagged: false)
            }
        }
        print("generated \(attempts) attempts × \(items) items (\(attempts * items) item-responses)")
        var seconds: [Double] = []
        var checksum = 0.0
        for _ in 1...runs {
            let start = ContinuousClock.now
            for answers in answered {
                checksum += AttemptGrader.grade(form: form, answers: answers, manual: [:], exam: exam).score
            }
            seconds.append(BenchmarkDatabase.seconds(since: start))
        }
        let best = seconds.min() ?? 0
        let median = seconds.sorted()[seconds.count / 2]
        let responses = Double(attempts * items)
        print(
            String(
                format: "in core: best %.3f s (%.0f item-responses/s, %.0f attempts/s), median %.3f s (checksum %.0f)",
                best, responses / best, Double(attempts) / best, median, checksum))
    }

    /// A random answer of the right shape for `item`, by index.
    static func answer(to item: Item, random: inout SeededGenerator) -> CandidateAnswer? {
        let roll = Int(random.next() % 1_000)
        switch item.kind {
        case .singleChoice(let options): return .choice(roll % options.count)
        case .multipleResponse(let key):
            return .choices(Array(Set([roll % key.options.count, roll / 7 % key.options.count])).sorted())
        case .trueFalse: return .truth(roll % 2 == 0)
        case .shortAnswer: return .text(roll % 3 == 0 ? "tcp/ip" : roll % 3 == 1 ? "TCP" : "UDP")
        case .numeric: return .number(Double(roll % 60))
        case .matching(let key):
            let count = key.pairs.count + key.distractors.count
            return .matches(key.pairs.indices.map { (roll + $0 * 3) % count })
        default: return nil
        }
    }
}
