import MusterDomain
import Testing

@testable import MusterFormats

@Suite("Aiken and QTI: files written by other projects")
struct OtherFormatsConformanceTests {
    @Test("Moodle's Aiken fixture: two single-choice items, answers B and A, HTML kept as text")
    func aiken() throws {
        let bank = AikenParser().parse(try Conformance.text("moodle-aiken-questions.txt"), file: "q.txt")
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        #expect(bank.items.count == 2)
        let correct = bank.items.map { item -> String? in
            guard case .singleChoice(let options) = item.kind else { return nil }
            return options.first { $0.fraction == 1 }?.text.text()
        }
        #expect(correct == ["Martin Dougiamas", "True"])
        #expect(bank.items[1].prompt.text().contains(#"<html class="cool"> & images:"#))
        #expect(
            BankFormat.detect(fileName: "questions.txt", text: try Conformance.text("moodle-aiken-questions.txt"))
                == .aiken)
    }

    @Test("QTI 2.1 map_response: bounds 0..2, default -2")
    func qti21Mapping() throws {
        let text = try Conformance.text("qti21-choice-multiple.xml")
        #expect(BankFormat.detect(fileName: "choice_multiple.xml", text: text) == .qti)
        let bank = QTIParser().parse(text, file: "choice_multiple.xml")
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        let item = try #require(bank.items.first)
        #expect(item.id == "choiceMultiple")
        #expect(item.points == 2)
        #expect(try ItemScorer.score(item, response: .choices(["Hydrogen", "Oxygen"])).earned == 2)
        #expect(try ItemScorer.score(item, response: .choices(["Hydrogen", "Oxygen", "Chlorine"])).earned == 1)
        #expect(try ItemScorer.score(item, response: .choices(["Helium"])).earned == 0)
    }

    @Test("QTI 3.0 match_correct: all or nothing")
    func qti30MatchCorrect() throws {
        let bank = QTIParser().parse(try Conformance.text("qti30-choice-multiple.xml"), file: "q3.xml")
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        let item = try #require(bank.items.first)
        #expect(item.prompt.text(in: "en") == "Which of the following elements are used to form water?")
        #expect(try ItemScorer.score(item, response: .choices(["Hydrogen", "Oxygen"])).earned == 1)
        #expect(try ItemScorer.score(item, response: .choices(["Hydrogen"])).earned == 0)
        #expect(try ItemScorer.score(item, response: .choices(["Hydrogen", "Oxygen", "Carbon"])).earned == 0)
    }

    @Test("QTI 3.0 order under match_correct: only C, A, B earns credit")
    func qti30Order() throws {
        let bank = QTIParser().parse(try Conformance.text("qti30-order.xml"), file: "order.xml")
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        let item = try #require(bank.items.first)
        guard case .ordering(let entries, let scoring) = item.kind else {
            Issue.record("not an ordering item: \(item.kind)")
            return
        }
        #expect(scoring == .allOrNothing)
        let right = entries.map { $0.text() }
        #expect(try ItemScorer.score(item, response: .order(right)).earned == 1)
        for wrong in [[right[1], right[0], right[2]], [right[0], right[2], right[1]], right.reversed()] {
            #expect(try ItemScorer.score(item, response: .order(Array(wrong))).earned == 0)
        }
    }

    @Test("QTI 3.0 match under map_response: maximum 3; C R and P T alone earn 2 of 3")
    func qti30Match() throws {
        let bank = QTIParser().parse(try Conformance.text("qti30-match.xml"), file: "match.xml")
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        let item = try #require(bank.items.first)
        #expect(item.points == 3)
        let all = [
            "Capulet": "Romeo and Juliet", "Demetrius": "A Midsummer-Night's Dream",
            "Lysander": "A Midsummer-Night's Dream", "Prospero": "The Tempest",
        ]
        #expect(try ItemScorer.score(item, response: .matches(all)).earned == 3)
        let two = ["Capulet": "Romeo and Juliet", "Prospero": "The Tempest"]
        #expect(try ItemScorer.score(item, response: .matches(two)).earned == 2)
        #expect(try ItemScorer.score(item, response: .matches(["Capulet": "The Tempest"])).earned == 0)
    }

    @Test("QTI 3.0 inline choice under match_correct: York is right")
    func qti30InlineChoice() throws {
        let bank = QTIParser().parse(try Conformance.text("qti30-inline-choice.xml"), file: "inline.xml")
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        let item = try #require(bank.items.first)
        #expect(item.prompt.text().contains("by this sun of _____;"))
        #expect(try ItemScorer.score(item, response: .choice("York")).earned == 1)
        #expect(try ItemScorer.score(item, response: .choice("Lancaster")).earned == 0)
    }

    @Test(
        "response-processing template URIs normalise whatever their form",
        arguments: [
            "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response",
            "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response.xml",
            "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response",
            "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml",
        ]
    )
    func templateURIs(uri: String) {
        #expect(QTIParser.templateName(uri) == "map_response")
    }
}
