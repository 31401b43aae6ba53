import Foundation
import MusterDomain
import Testing

@Suite("What candidates see and send")
struct CandidateFormTests {
    static func text(_ value: String) -> LocalizedText { LocalizedText(["zh-CN": value, "en": value]) }

    /// One item of every kind, each hiding secrets in its key, feedback and scoring data.
    static let items: [Item] = [
        Item(
            id: "sc", prompt: text("Q-sc"),
            kind: .singleChoice([
                ChoiceOption(text: text("A"), fraction: 1, feedback: text("SECRET-fb-1")),
                ChoiceOption(text: text("B"), fraction: 0.123_456), ChoiceOption(text: text("C"), fraction: 0),
            ]), feedback: text("SECRET-general")),
        Item(
            id: "mr", prompt: text("Q-mr"),
            kind: .multipleResponse(
                MultipleResponseKey(
                    options: [
                        ChoiceOption(text: text("X"), fraction: 0.5), ChoiceOption(text: text("Y"), fraction: 0.5),
                        ChoiceOption(text: text("Z"), fraction: -0.777_777),
                    ], rule: .allOrNothing))),
        Item(
            id: "tf", prompt: text("Q-tf"),
            kind: .trueFalse(TrueFalseKey(answer: true, feedbackIfTrue: text("SECRET-true")))),
        Item(
            id: "sa", prompt: text("Q-sa"),
            kind: .shortAnswer(ShortAnswerKey(answers: [.init(text: "SECRET-answer", fraction: 1)]))),
        Item(
            id: "nu", prompt: text("Q-nu"),
            kind: .numeric([NumericAnswer(.value(42.424_242, tolerance: 0.987_654), fraction: 1)])),
        Item(
            id: "ma", prompt: text("Q-ma"),
            kind: .matching(
                MatchingKey(
                    pairs: [
                        .init(left: text("L1"), right: text("R1"), credit: 0.333_333),
                        .init(left: text("L2"), right: text("R2")),
                    ], distractors: [text("D1")], scoring: .allOrNothing))),
        Item(
            id: "or", prompt: text("Q-or"),
            kind: .ordering([text("first"), text("second"), text("third")], scoring: .allOrNothing)),
        Item(
            id: "es", prompt: text("Q-es"),
            kind: .essay(
                Rubric(criteria: [
                    .init(name: text("SECRET-criterion"), levels: [.init(label: text("L"), points: 9.876)])
                ]))),
        Item(
            id: "pr", prompt: text("Q-pr"),
            kind: .practical(
                PracticalStation(
                    measurement: .time, unit: "s",
                    table: ScoringTable(
                        direction: .lowerIsBetter,
                        groups: [
                            .init(
                                sex: .male, minimumAge: 20, maximumAge: 25,
                                bands: [.init(threshold: 13.579, points: 60)])
                        ])))),
        Item(id: "de", prompt: text("Q-de"), kind: .description),
    ]

    static func entry(_ item: Item, position: Int) -> FormEntry {
        let count: Int =
            switch item.kind {
            case .singleChoice(let options): options.count
            case .multipleResponse(let key): key.options.count
            case .matching(let key): key.pairs.count + key.distractors.count
            case .ordering(let entries, _): entries.count
            default: 0
            }
        return FormEntry(
            position: position, section: "s", itemID: item.id, points: 2, optionOrder: Array((0..<count).reversed()))
    }

    @Test("no item kind shows its key, weights, feedback or scoring table to the candidate")
    func noScoringData() throws {
        for (index, item) in Self.items.enumerated() {
            let shown = CandidateItem(item, at: Self.entry(item, position: index + 1))
            let json = String(decoding: try JSONEncoder().encode(shown), as: UTF8.self)
            for secret in [
                "SECRET", "0.123456", "-0.777777", "42.424242", "0.987654", "0.333333", "9.876", "13.579", "fraction",
                "feedback", "correct", "tolerance", "credit", "table", "rubric", "scoring", "threshold",
            ] {
                #expect(!json.contains(secret), "\(item.id) shows \(secret): \(json)")
            }
            #expect(json.contains("Q-\(item.id)"))
        }
    }

    @Test("options, right-hand answers and entries appear in the form's order")
    func order() {
        let single = CandidateItem(Self.items[0], at: Self.entry(Self.items[0], position: 1))
        #expect(single.options?.map { $0.text() } == ["C", "B", "A"])
        let matching = CandidateItem(Self.items[5], at: Self.entry(Self.items[5], position: 6))
        #expect(matching.left?.map { $0.text() } == ["L1", "L2"])
        #expect(matching.right?.map { $0.text() } == ["D1", "R2", "R1"])
        let ordering = CandidateItem(Self.items[6], at: Self.entry(Self.items[6], position: 7))
        #expect(ordering.entries?.map { $0.text() } == ["third", "second", "first"])
    }

    @Test("answers by index become the scoring function's responses, scored as the key says")
    func answersScore() throws {
        func score(_ index: Int, _ answer: CandidateAnswer) throws -> Double {
            let item = Self.items[index]
            let entry = Self.entry(item, position: index + 1)
            #expect(answer.problem(for: item, at: entry) == nil)
            return try ItemScorer.score(item, response: try #require(answer.response(for: item, at: entry))).earned
        }
        #expect(try score(0, .choice(2)) == 1)  // shown C, B, A: index 2 is A
        #expect(try score(0, .choice(0)) == 0)
        #expect(try score(1, .choices([1, 2])) == 1)  // shown Z, Y, X
        #expect(try score(1, .choices([2])) == 0)
        #expect(try score(2, .truth(true)) == 1)
        #expect(try score(3, .text(" secret-ANSWER ")) == 1)
        #expect(try score(4, .number(43)) == 1)
        #expect(try score(5, .matches([2, 1])) == 1)  // shown D1, R2, R1
        #expect(try score(5, .matches([2, nil])) == 0)
        #expect(try score(6, .order([2, 1, 0])) == 1)  // shown third, second, first
    }

    @Test("answers of the wrong shape or out of range are refused in words")
    func wrongShapes() {
        func problem(_ index: Int, _ answer: CandidateAnswer) -> String? {
            answer.problem(for: Self.items[index], at: Self.entry(Self.items[index], position: index + 1))
        }
        #expect(problem(0, .truth(true)) == #"item 1 is single-choice; its answer is {"choice": INDEX}"#)
        #expect(problem(0, .choice(3)) == "index 3 is not one of the 3 shown (0 to 2)")
        #expect(problem(1, .choices([0, 0])) == "an index is given twice")
        #expect(problem(3, .text(String(repeating: "x", count: 10_001)))?.hasPrefix("the answer has 10001") == true)
        #expect(problem(4, .number(.infinity)) == "the number must be finite")
        #expect(problem(5, .matches([0])) == "give one entry (an index or null) for each of the 2 prompts")
        #expect(problem(6, .order([0, 1])) == "give all 3 entries in your order")
        #expect(problem(8, .number(12)) == "item 9 takes no answer from the candidate")
        #expect(problem(9, .text("x")) == "item 10 takes no answer from the candidate")
    }

    @Test("answers are read from JSON with exactly one key")
    func decoding() throws {
        let decoder = JSONDecoder()
        #expect(
            try decoder.decode(CandidateAnswer.self, from: Data(#"{"matches":[1,null]}"#.utf8)) == .matches([1, nil]))
        #expect(throws: DecodingError.self) {
            try decoder.decode(CandidateAnswer.self, from: Data(#"{"choice":1,"truth":true}"#.utf8))
        }
        #expect(throws: DecodingError.self) { try decoder.decode(CandidateAnswer.self, from: Data("{}".utf8)) }
        let answer = CandidateAnswer.order([2, 0, 1])
        #expect(try decoder.decode(CandidateAnswer.self, from: try JSONEncoder().encode(answer)) == answer)
    }

    @Test("the deadline is the time limit plus extra minutes, never after the sitting closes")
    func deadline() {
        let admitted = Date(timeIntervalSince1970: 1_000_000)
        let end = admitted.addingTimeInterval(3600)
        #expect(
            Attempt.deadline(admittedAt: admitted, timeLimitMinutes: 45, accommodationMinutes: 10, sittingEnd: end)
                == admitted.addingTimeInterval(55 * 60))
        #expect(
            Attempt.deadline(admittedAt: admitted, timeLimitMinutes: 45, accommodationMinutes: 20, sittingEnd: end)
                == end)
        let attempt = Attempt(
            id: 1, sitting: "S", exam: "e", examVersion: 1, badge: "P", number: 1, admittedAt: admitted,
            deadline: end)
        #expect(attempt.secondsRemaining(at: end.addingTimeInterval(-0.5)) == 1)
        #expect(attempt.secondsRemaining(at: end.addingTimeInterval(5)) == 0)
        #expect(attempt.acceptsAnswers(at: end.addingTimeInterval(30), grace: 30))
        #expect(!attempt.acceptsAnswers(at: end.addingTimeInterval(30.001), grace: 30))
    }
}
