import MusterDomain
import Testing

@testable import MusterFormats

@Suite("GIFT constructs and diagnostics")
struct GIFTParserTests {
    func parse(_ text: String) -> ParsedBank { GIFTParser().parse(text, file: "bank.gift") }

    func onlyItem(_ text: String) throws -> Item {
        let bank = parse(text)
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        return try #require(bank.items.first)
    }

    @Test("$CATEGORY sets the topic of the questions after it")
    func category() throws {
        let bank = parse(
            """
            $CATEGORY: $course$/top/Computer literacy/Number systems

            ::bin::Binary 101 is decimal {#5}

            $CATEGORY: Networks
            ::ip::IPv4 addresses have how many bits? {#32}
            """
        )
        #expect(bank.items.map(\.topics) == [["Computer literacy/Number systems"], ["Networks"]])
        #expect(bank.diagnostics.isEmpty)
    }

    @Test("an empty answer block is an essay; text without one is a description")
    func essayAndDescription() throws {
        let bank = parse("::e::Describe a complaint you handled.{}\n\n::d::Read the case below carefully.")
        #expect(bank.items.map(\.kind) == [.essay(nil), .description])
        #expect(bank.items[1].points == 0)
    }

    @Test("each escape is honoured in text, titles and answers")
    func everyEscape() throws {
        let item = try onlyItem(
            ##"::a\:b::Tilde \~ equals \= hash \# braces \{\} colon \: slash \\ line\nbreak {=x\=1}"##)
        #expect(item.id == "a:b")
        #expect(item.prompt.text() == "Tilde ~ equals = hash # braces {} colon : slash \\ line\nbreak")
        guard case .shortAnswer(let key) = item.kind else {
            Issue.record("not short answer")
            return
        }
        #expect(key.answers.map(\.text) == ["x=1"])
    }

    @Test("matching with a distractor on the right")
    func matchingDistractor() throws {
        let item = try onlyItem("::m::Match units.{=km -> distance =s -> time = -> mass}")
        #expect(
            item.kind
                == .matching(
                    MatchingKey(
                        pairs: [
                            .init(left: LocalizedText("km"), right: LocalizedText("distance")),
                            .init(left: LocalizedText("s"), right: LocalizedText("time")),
                        ],
                        distractors: [LocalizedText("mass")]
                    )
                )
        )
    }

    @Test("a question's position is its first line and column")
    func positions() throws {
        let bank = parse("// header\n\n  ::q::Text {T}\n")
        #expect(bank.items.first?.source == SourcePosition(file: "bank.gift", line: 3, column: 3))
    }

    @Test(
        "malformed questions give the exact diagnostic at the exact place",
        arguments: [
            (
                "::t::What is pi? {#3,14}",
                "bank.gift:1:20: error: numeric answer '3,14' is not a number; use a dot for decimals"
            ),
            (
                "::t::Unclosed {=a ~b",
                "bank.gift:1:15: error: the answer block opened with '{' is never closed with '}'"
            ),
            ("::t Question {T}", "bank.gift:1:1: error: the title opened with '::' is never closed with '::'"),
            (
                "::t::Q {~a ~b ~c}",
                "bank.gift:1:8: error: no answer earns credit: mark the right answer with '=' or give weights such as ~%50%"
            ),
            ("::t::Q {~a}", "bank.gift:1:8: error: this type of question requires at least 2 answers"),
            ("::t::Q {~%150%a =b}", "bank.gift:1:10: error: weight '%150%' is not a percentage from -100 to 100"),
            ("::t::Q {#5..1}", "bank.gift:1:10: error: the range 5..1 runs backwards; write the smaller number first"),
            ("::t::Q {#abc}", "bank.gift:1:10: error: numeric answer 'abc' is not a number"),
            ("::t::Q {#}", "bank.gift:1:9: error: the numeric answer block has no number after '#'"),
            ("::t::Q {#1:x}", "bank.gift:1:10: error: numeric answer 'x' is not a number"),
            ("::t::Q {=a -> b}", "bank.gift:1:8: error: a matching question needs at least two pairs"),
            (
                "::t::Q {=a} and {=b}",
                "bank.gift:1:17: error: a question has one answer block; escape a literal brace as \\{"
            ),
        ]
    )
    func malformed(text: String, diagnostic: String) {
        let bank = parse(text)
        #expect(bank.items.isEmpty)
        #expect(bank.diagnostics.errors.map(\.description) == [diagnostic])
    }

    @Test("every error in a file is reported, not just the first")
    func reportsAllErrors() {
        let bank = parse("::a::Q {#1,5}\n\n::b::Fine {T}\n\n::c::Q {~x ~y}")
        #expect(bank.diagnostics.errors.map(\.position.line) == [1, 5])
        #expect(bank.items.map(\.id) == ["b"])
    }

    @Test("an item without a topic gets a warning, which does not fail the import")
    func missingTopicWarning() {
        let bank = parse("::a::Q {T}")
        #expect(bank.isValid)
        #expect(
            bank.diagnostics.warnings.map(\.message) == [
                "item 'a' has no topic; exam blueprints cannot select it by topic"
            ])
    }

    /// Forms Moodle's GIFT importer accepts, with the items it makes of them.
    @Test("Moodle's forms: numeric feedback and alternatives, several right answers, bare short answers")
    func moodleForms() throws {
        let bank = parse(
            """
            ::n1::What is 3 plus or minus 2? {#3:2~#Completely wrong}

            ::n2::Give 3, or roughly. {#
                =%100%3:0#Exactly
                =%50%3:2#Close
            }

            ::n3::Inline partial credit {# =%100%3:0 =%50%3:2 }

            ::c1::Pick a primary colour {=red =blue ~green}

            ::c2::Leading text is a wrong answer {wrong ~also wrong =right}

            ::s1::One word {One}

            ::s2::Two spellings {colour =color#US spelling}

            ::g::General feedback {=yes ~no ####Because.}
            """)
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        let items = Dictionary(uniqueKeysWithValues: bank.items.map { ($0.id, $0) })
        #expect(items["n1"]?.kind == .numeric([NumericAnswer(.value(3, tolerance: 2))]))
        #expect(
            bank.diagnostics.warnings.contains {
                $0.message.hasPrefix("feedback for other numbers ('~#Completely wrong')")
            })
        let partial: ItemKind = .numeric([
            NumericAnswer(.value(3, tolerance: 0), fraction: 1, feedback: LocalizedText("Exactly")),
            NumericAnswer(.value(3, tolerance: 2), fraction: 0.5, feedback: LocalizedText("Close")),
        ])
        #expect(items["n2"]?.kind == partial)
        #expect(
            items["n3"]?.kind
                == .numeric([
                    NumericAnswer(.value(3, tolerance: 0)), NumericAnswer(.value(3, tolerance: 2), fraction: 0.5),
                ]))
        #expect(
            items["c1"]?.kind
                == .singleChoice([
                    ChoiceOption(text: LocalizedText("red"), fraction: 1),
                    ChoiceOption(text: LocalizedText("blue"), fraction: 1),
                    ChoiceOption(text: LocalizedText("green"), fraction: 0),
                ]))
        #expect(
            items["c2"]?.kind
                == .singleChoice([
                    ChoiceOption(text: LocalizedText("wrong"), fraction: 0),
                    ChoiceOption(text: LocalizedText("also wrong"), fraction: 0),
                    ChoiceOption(text: LocalizedText("right"), fraction: 1),
                ]))
        #expect(items["s1"]?.kind == .shortAnswer(ShortAnswerKey(answers: [.init(text: "One", fraction: 1)])))
        #expect(
            items["s2"]?.kind
                == .shortAnswer(
                    ShortAnswerKey(answers: [
                        .init(text: "colour", fraction: 1),
                        .init(text: "color", fraction: 1, feedback: LocalizedText("US spelling")),
                    ])))
        #expect(items["g"]?.feedback == LocalizedText("Because."))
        // Either right colour earns full credit; the wrong one earns nothing.
        let colours = try #require(items["c1"])
        #expect(try ItemScorer.score(colours, response: .choice("blue")).earned == 1)
        #expect(try ItemScorer.score(colours, response: .choice("green")).earned == 0)
    }

    @Test("numeric messages stay on one line")
    func oneLineMessages() {
        let bank = parse("::t::Q {#\n    =2~\n}")
        #expect(bank.diagnostics.errors.allSatisfy { !$0.message.contains("\n") })
    }
}
