import ArgumentParser
import Foundation
import MusterDomain
import MusterFormats

/// Benchmarks that print figures: run with `swift run -c release muster-benchmarks parse`.
@main
struct MusterBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "muster-benchmarks",
        abstract: "Measure Muster's hot paths and print the figures.",
        subcommands: [
            ParseBenchmark.self, RosterBenchmark.self, SignInBenchmark.self, GradingBenchmark.self,
            RegradeBenchmark.self, ReadinessBenchmark.self,
        ],
        defaultSubcommand: ParseBenchmark.self
    )
}

/// Parses generated GIFT and YAML banks and prints items per second.
struct ParseBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a generated bank in GIFT and in YAML; print items/s (target: 10,000 items in under 1 s each)."
    )

    @Option(help: "Items in the generated bank.") var items = 10_000
    @Option(help: "Timed runs per format; the best and the median are printed.") var runs = 5

    func run() async throws {
        let bank = (0..<items).map(BenchmarkItems.item)
        let gift = GIFTWriter().write(bank.filter { GIFTWriter.expressibility(of: $0) == nil })
        let yaml = YAMLBankWriter().write(name: "benchmark", title: nil, items: bank)
        print("generated \(items) items: GIFT \(gift.utf8.count / 1024) KiB, YAML \(yaml.utf8.count / 1024) KiB")
        for (name, text, parse) in [
            ("GIFT", gift, { (text: String) in GIFTParser().parse(text, file: "bench.gift") }),
            ("YAML", yaml, { (text: String) in YAMLBankReader().parse(text, file: "bench.yaml") }),
        ] {
            var seconds: [Double] = []
            var parsedCount = 0
            for run in 1...runs {
                let start = ContinuousClock.now
                let parsed = parse(text)
                let elapsed = ContinuousClock.now - start
                guard parsed.isValid else {
                    throw ValidationError("\(name) bank did not parse: \(parsed.diagnostics.errors.prefix(3))")
                }
                parsedCount = parsed.items.count
                seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                if isatty(STDERR_FILENO) == 1 {
                    FileHandle.standardError.write(Data("\r\(name): run \(run)/\(runs)".utf8))
                }
            }
            if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r".utf8)) }
            let best = seconds.min() ?? 0
            let median = seconds.sorted()[seconds.count / 2]
            print(
                String(
                    format: "%@: %d items, best %.3f s (%.0f items/s), median %.3f s",
                    name, parsedCount, best, Double(parsedCount) / best, median
                )
            )
        }
    }
}

/// Deterministic, varied items for benchmarks.
enum BenchmarkItems {
    static func item(_ index: Int) -> Item {
        let prompt = LocalizedText("第 \(index) 题：关于警务信息化的问题，请选择正确答案。Question \(index) about police informatization.")
        let topics = [["number-systems"], ["networks"], ["security"], ["office-word"]][index % 4]
        let kind: ItemKind
        switch index % 6 {
        case 0:
            kind = .singleChoice(
                (0..<4).map { ChoiceOption(text: LocalizedText("选项 \($0) option"), fraction: $0 == index % 4 ? 1 : 0) })
        case 1:
            kind = .multipleResponse(
                MultipleResponseKey(
                    options: (0..<5).map {
                        ChoiceOption(text: LocalizedText("答案 \($0)"), fraction: $0 < 2 ? 0.5 : -0.5)
                    })
            )
        case 2:
            kind = .trueFalse(TrueFalseKey(answer: index % 2 == 0, feedbackIfTrue: LocalizedText("解释 explanation")))
        case 3:
            kind = .shortAnswer(ShortAnswerKey(answers: [.init(text: "TCP/IP"), .init(text: "TCP", fraction: 0.5)]))
        case 4:
            kind = .numeric([
                NumericAnswer(.value(Double(index), tolerance: 0.5)),
                NumericAnswer(.range(minimum: 0, maximum: 10), fraction: 0.25),
            ])
        default:
            kind = .matching(
                MatchingKey(
                    pairs: (0..<3).map { .init(left: LocalizedText("左 \($0)"), right: LocalizedText("右 \($0)")) })
            )
        }
        return Item(id: "bench-\(index)", prompt: prompt, kind: kind, topics: topics)
    }
}
