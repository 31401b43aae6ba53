import MusterDomain
import Testing

@testable import MusterFormats

@Suite("GIFT: Moodle's own examples file")
struct GIFTConformanceTests {
    let bank: ParsedBank

    init() throws {
        bank = GIFTParser().parse(try Conformance.text("moodle-gift-examples.txt"), file: "examples.txt")
    }

    func item(atLine line: Int) throws -> Item {
        try #require(bank.items.first { $0.source?.line == line })
    }

    @Test("every one of its 43 questions imports, with no errors")
    func everyQuestionImports() {
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics.errors)")
        #expect(bank.items.count == 43)
        #expect(Set(bank.items.map(\.id)).count == 43)
    }

    @Test("questions get the types Moodle gives them")
    func types() throws {
        let expected: [Int: String] = [
            8: "single-choice", 12: "true-false", 14: "short-answer", 16: "numeric", 55: "matching",
            90: "short-answer", 130: "multiple-response", 136: "multiple-response", 177: "matching",
            202: "numeric",
        ]
        for (line, kind) in expected {
            #expect(try item(atLine: line).kind.name == kind, "line \(line)")
        }
        let counts = Dictionary(grouping: bank.items, by: \.kind.name).mapValues(\.count)
        #expect(
            counts == [
                "single-choice": 16, "short-answer": 9, "true-false": 5, "numeric": 8, "matching": 3,
                "multiple-response": 2,
            ]
        )
    }

    @Test("weights and feedback are read as written")
    func weightsAndFeedback() throws {
        guard case .singleChoice(let options) = try item(atLine: 117).kind else {
            Issue.record("Jesus' hometown is not single choice")
            return
        }
        #expect(options.map(\.fraction) == [0, 0.25, 0.5, 1])
        #expect(options[1].feedback?.text() == "He was born here, but not raised here.")
        guard case .multipleResponse(let key) = try item(atLine: 136).kind else {
            Issue.record("line 136 is not multiple response")
            return
        }
        #expect(key.options.map(\.fraction) == [-0.5, 0.5, 0.5, -0.5])
        guard case .shortAnswer(let short) = try item(atLine: 123).kind else {
            Issue.record("line 123 is not short answer")
            return
        }
        #expect(short.answers.map(\.fraction) == [1, 0.75, 0.25])
    }

    @Test("numeric forms: value with tolerance, range, and partial-credit answers")
    func numericForms() throws {
        guard case .numeric(let pi) = try item(atLine: 72).kind,
            case .numeric(let range) = try item(atLine: 74).kind,
            case .numeric(let partial) = try item(atLine: 202).kind
        else {
            Issue.record("numeric items missing")
            return
        }
        #expect(pi == [NumericAnswer(.value(3.1415, tolerance: 0.0005))])
        #expect(range == [NumericAnswer(.range(minimum: 3.141, maximum: 3.142))])
        #expect(partial.map(\.fraction) == [1, 0.5])
        #expect(partial[1].accepts == .value(1822, tolerance: 2))
        #expect(partial[1].feedback?.text() == "He was born in 1822. You get 50% credit for being close.")
    }

    @Test("escaped control characters become literal text")
    func escapes() throws {
        guard case .singleChoice(let equals) = try item(atLine: 143).kind,
            case .singleChoice(let control) = try item(atLine: 148).kind
        else {
            Issue.record("escape examples missing")
            return
        }
        #expect(equals.map { $0.text.text() } == ["= 2 + 2", "= 2 + 3", "= 2 + 4"])
        #expect(equals.map(\.fraction) == [0, 1, 0])
        #expect(control.map { $0.text.text() } == ["~", "=", "#", "{", "}", "\\"])
        #expect(control.last?.fraction == 1)
    }

    @Test("missing-word questions keep the text after the blank, and titles become ids")
    func missingWordAndTitles() throws {
        #expect(try item(atLine: 10).prompt.text() == "Grant is _____ in Grant's tomb.")
        #expect(try item(atLine: 45).prompt.text() == "Two plus two equals _____.")
        #expect(try item(atLine: 93).id == "Thanksgiving Date")
        #expect(try item(atLine: 108).prompt.text() == "Who's buried in **Grant's tomb**?")
    }

    @Test("true/false feedback: the first is for a wrong answer")
    func trueFalseFeedback() throws {
        guard case .trueFalse(let key) = try item(atLine: 113).kind else {
            Issue.record("line 113 is not true/false")
            return
        }
        #expect(key.answer == false)
        #expect(key.feedbackIfTrue?.text() == "No one is buried in Grant's tomb.")
    }
}
