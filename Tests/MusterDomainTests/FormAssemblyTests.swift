import Foundation
import MusterDomain
import Testing

@Suite("Exams from blueprints and candidates' forms")
struct FormAssemblyTests {
    /// A bank of `count` single-choice items per (topic, difficulty).
    static func bank(topics: [String], difficulties: [Difficulty], count: Int) -> [Item] {
        topics.flatMap { topic in
            difficulties.flatMap { difficulty in
                (0..<count).map { index in
                    Item(
                        id: "\(topic)-\(difficulty.rawValue)-\(index)", prompt: LocalizedText("Q"),
                        kind: .singleChoice(
                            (0..<4).map { ChoiceOption(text: LocalizedText("o\($0)"), fraction: $0 == 0 ? 1 : 0) }),
                        topics: [topic], difficulty: difficulty)
                }
            }
        }
    }

    static func exam(sections: [ExamDefinition.Section], shuffle: Bool = true) -> ExamDefinition {
        ExamDefinition(
            code: "cl-written", title: LocalizedText("CL"), track: "computer-literacy", bank: "computer-literacy",
            bankVersion: 3, sections: sections, timeLimitMinutes: 90, passPercent: 60,
            bands: [
                .init(name: "excellent", fromPercent: 90), .init(name: "good", fromPercent: 80),
                .init(name: "pass", fromPercent: 60),
            ],
            attemptsAllowed: 3, cooldownDays: 14, shuffleItems: shuffle, shuffleOptions: shuffle, review: .score)
    }

    static let sections = [
        ExamDefinition.Section(name: "concepts", topics: ["concepts"], count: 5, points: 2),
        ExamDefinition.Section(
            name: "spreadsheets", topics: ["spreadsheets"], difficulty: .medium, count: 3, points: 4),
    ]

    @Test("the shortfall names the section, what it needs and what the pinned version has")
    func shortfall() {
        let items = Self.bank(topics: ["concepts", "spreadsheets"], difficulties: [.easy, .medium], count: 2)
        let exam = Self.exam(sections: Self.sections)
        #expect(
            exam.shortfalls(in: items) == [
                "section 'concepts' needs 5 items on concepts; bank computer-literacy version 3 has 4",
                "section 'spreadsheets' needs 3 medium items on spreadsheets; bank computer-literacy version 3 has 2",
            ])
        guard case .failure(let failure) = FormAssembler.form(exam: exam, items: items, badge: "P1", attempt: 1) else {
            Issue.record("a form was assembled from too few items")
            return
        }
        #expect(failure.messages.count == 2)
        #expect(exam.totalPoints == 22)
        #expect(exam.band(forPercent: 85) == "good" && exam.band(forPercent: 59.9) == nil)
    }

    @Test("a form is the same for the same inputs, never repeats an item and honours every section")
    func determinism() throws {
        let items = Self.bank(topics: ["concepts", "spreadsheets"], difficulties: [.easy, .medium, .hard], count: 6)
        let exam = Self.exam(sections: Self.sections)
        for seed in 0..<300 {
            let badge = "P\(seed)", attempt = seed % 3 + 1
            let form = try FormAssembler.form(exam: exam, items: items, badge: badge, attempt: attempt).get()
            // Stored items may come back in any order: the form must not depend on it.
            let again = try FormAssembler.form(exam: exam, items: items.reversed(), badge: badge, attempt: attempt)
                .get()
            #expect(form == again)
            #expect(Set(form.map(\.itemID)).count == form.count)
            #expect(form.map(\.position) == Array(1...8))
            let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
            for (section, expected) in zip(exam.sections, [5, 3]) {
                let drawn = form.filter { $0.section == section.name }
                #expect(drawn.count == expected)
                #expect(drawn.allSatisfy { section.admits(byID[$0.itemID]!) && $0.points == section.points })
            }
            #expect(form.allSatisfy { Set($0.optionOrder) == Set(0..<4) })
        }
        let first = try FormAssembler.form(exam: exam, items: items, badge: "P1", attempt: 1).get()
        let second = try FormAssembler.form(exam: exam, items: items, badge: "P1", attempt: 2).get()
        let other = try FormAssembler.form(exam: exam, items: items, badge: "P2", attempt: 1).get()
        #expect(first != second && first != other)
    }

    @Test("items are drawn evenly across candidates (chi-square within bounds)")
    func evenDraws() throws {
        let items = Self.bank(topics: ["concepts"], difficulties: [.medium], count: 20)
        let exam = Self.exam(sections: [.init(name: "concepts", topics: ["concepts"], count: 5, points: 1)])
        var counts: [String: Int] = [:]
        let candidates = 4000
        for index in 0..<candidates {
            for entry in try FormAssembler.form(exam: exam, items: items, badge: "B\(index)", attempt: 1).get() {
                counts[entry.itemID, default: 0] += 1
            }
        }
        let expected = Double(candidates * 5) / 20
        let chiSquare = items.map { pow(Double(counts[$0.id] ?? 0) - expected, 2) / expected }.reduce(0, +)
        // 19 degrees of freedom: the 99.9th percentile of chi-square is 43.8.
        #expect(chiSquare < 43.8, "chi-square \(chiSquare), counts \(counts.values.sorted())")
        #expect(counts.count == 20)
    }

    @Test("without shuffling, items come in section then id order and options as written")
    func unshuffled() throws {
        let items = Self.bank(topics: ["concepts", "spreadsheets"], difficulties: [.medium], count: 6)
        let exam = Self.exam(sections: Self.sections, shuffle: false)
        let form = try FormAssembler.form(exam: exam, items: items, badge: "P1", attempt: 1).get()
        #expect(
            form.map(\.section) == Array(repeating: "concepts", count: 5) + Array(repeating: "spreadsheets", count: 3))
        let concepts = form.prefix(5).map(\.itemID)
        #expect(concepts == concepts.sorted())
        #expect(form.allSatisfy { $0.optionOrder == [0, 1, 2, 3] })
    }

    @Test(
        "an entry's option order reads back as given, short or long, and keeps its JSON shape",
        arguments: [
            [], [0], [3, 1, 0, 2], Array((0..<15).reversed()), Array(0..<16), [0, 16, 1], [15, 15, 0], [-1, 2],
        ])
    func optionOrders(order: [Int]) throws {
        let entry = FormEntry(position: 2, section: "s", itemID: "q-7", points: 1.5, optionOrder: order)
        #expect(entry.optionOrder == order)
        var changed = entry
        changed.optionOrder = order.reversed()
        #expect(changed.optionOrder == order.reversed())
        #expect((changed == entry) == (order == order.reversed()))
        #expect(FormEntry(position: 2, section: "s", itemID: "q-7", points: 1.5, optionOrder: order) == entry)
        let json = try JSONEncoder().encode(entry)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["optionOrder"] as? [Int] == order)
        #expect(Set(object.keys) == ["position", "section", "itemID", "points", "optionOrder"])
        #expect(try JSONDecoder().decode(FormEntry.self, from: json) == entry)
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    exponent == 2 ? base * base : base
}
