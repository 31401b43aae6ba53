import MusterDomain
import Testing

@Suite("Scoring responses")
struct ItemScorerTests {
    static func item(_ kind: ItemKind, points: Double = 2) -> Item {
        Item(id: "i", prompt: LocalizedText("?"), kind: kind, points: points)
    }

    static func options(_ pairs: [(String, Double)]) -> [ChoiceOption] {
        pairs.map { ChoiceOption(text: LocalizedText($0.0), fraction: $0.1) }
    }

    @Test("single choice earns the chosen option's fraction of the points")
    func singleChoice() throws {
        let item = Self.item(.singleChoice(Self.options([("a", 1), ("b", 0.5), ("c", 0)])))
        #expect(try ItemScorer.score(item, response: .choice("a")).earned == 2)
        #expect(try ItemScorer.score(item, response: .choice("b")).earned == 1)
        #expect(try ItemScorer.score(item, response: .choice("c")).earned == 0)
    }

    @Test("multiple response adds weights, counts each option once, and never goes below zero")
    func multipleResponseWeights() throws {
        let item = Self.item(
            .multipleResponse(
                MultipleResponseKey(options: Self.options([("a", 0.5), ("b", 0.5), ("c", -0.5), ("d", -0.5)])))
        )
        #expect(try ItemScorer.score(item, response: .choices(["a", "b"])).earned == 2)
        #expect(try ItemScorer.score(item, response: .choices(["a", "a", "a"])).earned == 1)
        #expect(try ItemScorer.score(item, response: .choices(["a", "b", "c"])).earned == 1)
        #expect(try ItemScorer.score(item, response: .choices(["c", "d"])).earned == 0)
        #expect(try ItemScorer.score(item, response: .choices([])).earned == 0)
    }

    @Test("all-or-nothing multiple response needs exactly the right set")
    func multipleResponseAllOrNothing() throws {
        let item = Self.item(
            .multipleResponse(
                MultipleResponseKey(options: Self.options([("a", 1), ("b", 1), ("c", 0)]), rule: .allOrNothing))
        )
        #expect(try ItemScorer.score(item, response: .choices(["b", "a"])).earned == 2)
        #expect(try ItemScorer.score(item, response: .choices(["a"])).earned == 0)
        #expect(try ItemScorer.score(item, response: .choices(["a", "b", "c"])).earned == 0)
    }

    @Test("short answers compare after NFKC, whitespace and case folding")
    func shortAnswerNormalisation() throws {
        let item = Self.item(
            .shortAnswer(ShortAnswerKey(answers: [.init(text: "TCP/IP 协议"), .init(text: "TCP", fraction: 0.5)]))
        )
        #expect(try ItemScorer.score(item, response: .text("  ｔｃｐ／ｉｐ　 协议 ")).earned == 2)
        #expect(try ItemScorer.score(item, response: .text("tcp")).earned == 1)
        #expect(try ItemScorer.score(item, response: .text("UDP")).earned == 0)
        let strict = Self.item(.shortAnswer(ShortAnswerKey(answers: [.init(text: "GB2312")], caseSensitive: true)))
        #expect(try ItemScorer.score(strict, response: .text("ＧＢ２３１２")).earned == 2)
        #expect(try ItemScorer.score(strict, response: .text("gb2312")).earned == 0)
    }

    @Test("numeric answers: tolerance, ranges, and the best partial credit")
    func numeric() throws {
        let item = Self.item(
            .numeric([
                NumericAnswer(.value(1822, tolerance: 0)),
                NumericAnswer(.value(1822, tolerance: 2), fraction: 0.5),
                NumericAnswer(.range(minimum: 1800, maximum: 1850), fraction: 0.25),
            ])
        )
        #expect(try ItemScorer.score(item, response: .number(1822)).earned == 2)
        #expect(try ItemScorer.score(item, response: .number(1824)).earned == 1)
        #expect(try ItemScorer.score(item, response: .number(1849)).earned == 0.5)
        #expect(try ItemScorer.score(item, response: .number(1900)).earned == 0)
    }

    @Test("matching earns credit per correct pair; ordering per entry in place")
    func matchingAndOrdering() throws {
        let matching = Self.item(
            .matching(
                MatchingKey(
                    pairs: [
                        .init(left: LocalizedText(["zh-CN": "一", "en": "one"]), right: LocalizedText("1")),
                        .init(left: LocalizedText("two"), right: LocalizedText("2")),
                    ],
                    distractors: [LocalizedText("3")]
                )
            ),
            points: 4
        )
        #expect(try ItemScorer.score(matching, response: .matches(["one": "1", "two": "3"])).earned == 2)
        #expect(try ItemScorer.score(matching, response: .matches(["一": "1", "two": "2"])).earned == 4)
        let ordering = Self.item(.ordering(["a", "b", "c", "d"].map { LocalizedText($0) }), points: 4)
        #expect(try ItemScorer.score(ordering, response: .order(["a", "b", "d", "c"])).earned == 2)
    }

    @Test("a practical measurement scores through the table for the candidate's sex and age")
    func practical() throws {
        let table = ScoringTable(
            direction: .lowerIsBetter,
            groups: [
                .init(
                    sex: .male, minimumAge: 0, maximumAge: 25,
                    bands: [.init(threshold: 11.6, points: 60), .init(threshold: 10.6, points: 100)]),
                .init(sex: .male, minimumAge: 26, maximumAge: 30, bands: [.init(threshold: 12.5, points: 60)]),
            ]
        )
        let item = Self.item(.practical(PracticalStation(measurement: .time, unit: "s", table: table)), points: 100)
        #expect(try ItemScorer.score(item, response: .measurement(11.0, sex: .male, age: 24)).earned == 60)
        #expect(try ItemScorer.score(item, response: .measurement(10.5, sex: .male, age: 24)).earned == 100)
        #expect(try ItemScorer.score(item, response: .measurement(12.0, sex: .male, age: 24)).earned == 0)
        #expect(try ItemScorer.score(item, response: .measurement(12.0, sex: .male, age: 28)).earned == 60)
        #expect(throws: MusterError.self) {
            try ItemScorer.score(item, response: .measurement(10, sex: .female, age: 24))
        }
    }

    @Test("a response of the wrong shape, an unknown option, or an essay is an error naming the item")
    func errors() {
        let item = Self.item(.trueFalse(TrueFalseKey(answer: true)))
        #expect {
            try ItemScorer.score(item, response: .number(1))
        } throws: { ($0 as? MusterError)?.message == "Item i is true-false and expects true or false, not a number." }
        let choice = Self.item(.singleChoice(Self.options([("a", 1), ("b", 0)])))
        #expect { try ItemScorer.score(choice, response: .choice("z")) } throws: {
            ($0 as? MusterError)?.code == "unknown_option"
        }
        #expect { try ItemScorer.score(Self.item(.essay(nil)), response: .text("x")) } throws: {
            ($0 as? MusterError)?.code == "item_not_auto_scored"
        }
    }
}
