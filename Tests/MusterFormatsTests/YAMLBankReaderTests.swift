import MusterDomain
import Testing

@testable import MusterFormats

@Suite("Native YAML: every item type and the diagnostics trainers see")
struct YAMLBankReaderTests {
    func parse(_ text: String) -> ParsedBank { YAMLBankReader().parse(text, file: "bank.yaml") }

    @Test("every item type reads, with localized text in one or two languages")
    func everyType() throws {
        let bank = parse(
            """
            bank: sample
            title: {zh-CN: "样例", en: "Sample"}
            items:
              - id: sc
                type: single-choice
                prompt: {zh-CN: "一加一？", en: "One plus one?"}
                topics: [maths]
                difficulty: easy
                options:
                  - text: "2"
                    correct: true
                  - "3"
              - id: mr
                type: multiple-response
                prompt: "选择偶数"
                topics: [maths]
                rule: all-or-nothing
                options:
                  - {text: "2", fraction: 1}
                  - {text: "3"}
              - id: tf
                type: true-false
                prompt: "Sky is blue"
                topics: [t]
                answer: true
                feedback_if_false: "Look up."
              - id: sa
                type: short-answer
                prompt: "Protocol?"
                topics: [t]
                case_sensitive: true
                answers: ["HTTP", {text: "http", fraction: 0.5}]
              - id: nu
                type: numeric
                prompt: "Pi?"
                topics: [t]
                points: 2
                answers:
                  - {value: 3.14, tolerance: 0.01}
                  - {min: 3, max: 4, fraction: 0.25}
              - id: ma
                type: matching
                prompt: "Match"
                topics: [t]
                pairs:
                  - {left: "a", right: "1"}
                  - {left: "b", right: "2"}
                distractors: ["3"]
              - id: or
                type: ordering
                prompt: "Order"
                topics: [t]
                sequence: ["first", "second"]
              - id: es
                type: essay
                prompt: "Explain"
                topics: [t]
                rubric:
                  criteria:
                    - name: "Clarity"
                      levels: [{label: "poor", points: 0}, {label: "good", points: 5}]
              - id: pr
                type: practical
                prompt: "Shuttle"
                topics: [fitness]
                station:
                  measurement: time
                  unit: s
                  better: lower
                  groups:
                    - {sex: male, min_age: 18, max_age: 25, bands: [{at: 11.6, points: 60}]}
              - id: de
                type: description
                prompt: "Read carefully."
            """
        )
        #expect(bank.diagnostics.isEmpty, "\(bank.diagnostics)")
        #expect(bank.title == LocalizedText(["zh-CN": "样例", "en": "Sample"]))
        #expect(
            bank.items.map(\.kind.name) == [
                "single-choice", "multiple-response", "true-false", "short-answer", "numeric", "matching", "ordering",
                "essay", "practical", "description",
            ]
        )
        #expect(bank.items[0].prompt.text(in: "en") == "One plus one?")
        #expect(bank.items[4].points == 2)
        #expect(bank.items[9].points == 0)
        #expect(bank.items[2].source == SourcePosition(file: "bank.yaml", line: 21, column: 5))
    }

    @Test(
        "mistakes are reported at their line and column in words a trainer understands",
        arguments: [
            (
                "items:\n  - id: a\n    type: numeric\n    prompt: x\n    topics: [t]\n    answers: [{value: '3,14'}]\n",
                "bank.yaml:6:23: error: 'value' value '3,14' is not a number; use a dot for decimals"
            ),
            (
                "items:\n  - id: a\n    type: single-choice\n    prompt: x\n    optoins: []\n",
                "bank.yaml:5:5: error: unknown field 'optoins' in a single-choice item; expected one of: id, type, prompt, topics, difficulty, points, feedback, options"
            ),
            (
                "items:\n  - id: a\n    type: multiple-choice\n    prompt: x\n",
                "bank.yaml:3:11: error: unknown item type 'multiple-choice'; expected one of: description, essay, matching, multiple-response, numeric, ordering, practical, short-answer, single-choice, true-false"
            ),
            (
                "items:\n  - id: a\n    type: true-false\n    prompt: x\n    answer: maybe\n",
                "bank.yaml:5:13: error: 'answer' must be true or false"
            ),
            (
                "items:\n  - id: a\n    type: single-choice\n    prompt: x\n    options: [\"p\", \"q\"]\n",
                "bank.yaml:5:14: error: item 'a' has no option with 'correct: true' or 'fraction: 1'"
            ),
            ("items: [\n", "bank.yaml:2:1: error: the file is not valid YAML: did not find expected node content"),
            (
                "bank: Bad Name\nitems: []\n",
                "bank.yaml:1:7: error: bank name 'Bad Name' must be lowercase letters, digits and dashes"
            ),
            (
                "items:\n  - id: a\n    type: essay\n    prompt: {chinese: x}\n",
                "bank.yaml:4:14: error: 'chinese' in 'prompt' is not a language tag such as zh-CN or en"
            ),
        ]
    )
    func diagnostics(text: String, expected: String) {
        let bank = parse(text)
        #expect(bank.items.isEmpty)
        #expect(bank.diagnostics.errors.map(\.description).first == expected, "\(bank.diagnostics)")
    }
}
