import MusterDomain
import Testing

@testable import MusterFormats

@Suite("Moodle XML, QTI interactions, CSV and Aiken diagnostics")
struct XMLAndCSVFormatTests {
    static let moodleXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <quiz>
          <question type="category"><category><text>$course$/top/Networks</text></category></question>
          <question type="multichoice">
            <name><text>ip-bits</text></name>
            <questiontext format="html"><text><![CDATA[<p>IPv4 addresses have how many bits?</p>]]></text></questiontext>
            <defaultgrade>2</defaultgrade>
            <single>true</single>
            <answer fraction="100"><text>32</text><feedback><text>Right.</text></feedback></answer>
            <answer fraction="0"><text>64</text></answer>
          </question>
          <question type="truefalse">
            <name><text>tf</text></name>
            <questiontext><text>HTTP is a transport protocol.</text></questiontext>
            <answer fraction="0"><text>true</text></answer>
            <answer fraction="100"><text>false</text></answer>
          </question>
          <question type="numerical">
            <name><text>pi</text></name>
            <questiontext><text>Pi?</text></questiontext>
            <answer fraction="100"><text>3.14</text><tolerance>0.01</tolerance></answer>
          </question>
          <question type="matching">
            <name><text>m</text></name>
            <questiontext><text>Match.</text></questiontext>
            <subquestion><text>HTTP</text><answer><text>80</text></answer></subquestion>
            <subquestion><text>HTTPS</text><answer><text>443</text></answer></subquestion>
            <subquestion><text></text><answer><text>21</text></answer></subquestion>
          </question>
          <question type="shortanswer">
            <name><text>s</text></name>
            <questiontext><text>Protocol of the web?</text></questiontext>
            <answer fraction="100"><text>HTTP</text></answer>
          </question>
          <question type="essay">
            <name><text>e</text></name>
            <questiontext><text>Explain DNS.</text></questiontext>
          </question>
        </quiz>
        """

    @Test("Moodle XML question types import with their keys, grades and category")
    func moodleXMLTypes() throws {
        let bank = MoodleXMLParser().parse(Self.moodleXML, file: "quiz.xml")
        #expect(bank.diagnostics.errors.isEmpty, "\(bank.diagnostics)")
        #expect(
            bank.items.map(\.kind.name) == [
                "single-choice", "true-false", "numeric", "matching", "short-answer", "essay",
            ])
        #expect(bank.items.allSatisfy { $0.topics == ["Networks"] })
        #expect(bank.items[0].points == 2)
        #expect(bank.items[0].prompt.text() == "<p>IPv4 addresses have how many bits?</p>")
        #expect(try ItemScorer.score(bank.items[0], response: .choice("32")).earned == 2)
        #expect(try ItemScorer.score(bank.items[1], response: .truth(false)).earned == 1)
        #expect(try ItemScorer.score(bank.items[2], response: .number(3.145)).earned == 1)
        #expect(try ItemScorer.score(bank.items[3], response: .matches(["HTTP": "80", "HTTPS": "21"])).earned == 0.5)
        #expect(BankFormat.detect(fileName: "export.xml", text: Self.moodleXML) == .moodleXML)
    }

    @Test("Moodle XML: a broken document is reported, with nothing imported")
    func moodleXMLMalformed() {
        let unclosed = MoodleXMLParser().parse("<quiz>\n<question type=\"essay\">\n</quiz>", file: "bad.xml")
        #expect(unclosed.items.isEmpty)
        #expect(unclosed.diagnostics.errors.count == 1)
        #expect(unclosed.diagnostics.errors.first?.message.hasPrefix("the file is not well-formed XML") == true)
        let garbage = MoodleXMLParser().parse("<quiz>\n  <question type=\"essay\" <oops>\n</quiz>", file: "bad.xml")
        #expect(garbage.items.isEmpty)
        #expect(garbage.diagnostics.errors.first?.position.line == 2)
    }

    @Test("QTI text entry, order and match interactions")
    func qtiInteractions() throws {
        let text = """
            <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="order1" title="Order">
              <responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier">
                <correctResponse><value>C</value><value>A</value><value>B</value></correctResponse>
              </responseDeclaration>
              <itemBody>
                <orderInteraction responseIdentifier="RESPONSE">
                  <prompt>Order the steps of a stop.</prompt>
                  <simpleChoice identifier="A">Identify yourself</simpleChoice>
                  <simpleChoice identifier="B">State the reason</simpleChoice>
                  <simpleChoice identifier="C">Ensure safety</simpleChoice>
                </orderInteraction>
              </itemBody>
              <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
            </assessmentItem>
            """
        let item = try #require(QTIParser().parse(text, file: "o.xml").items.first)
        #expect(
            item.kind
                == .ordering(
                    [
                        LocalizedText("Ensure safety", language: "en"),
                        LocalizedText("Identify yourself", language: "en"),
                        LocalizedText("State the reason", language: "en"),
                    ], scoring: .allOrNothing)
        )
        let entry = """
            <qti-assessment-item identifier="cap" xml:lang="en">
              <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
                <qti-correct-response><qti-value>Paris</qti-value></qti-correct-response>
              </qti-response-declaration>
              <qti-item-body><p>Capital of France: <qti-text-entry-interaction response-identifier="RESPONSE"/></p></qti-item-body>
              <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct"/>
            </qti-assessment-item>
            """
        let capital = try #require(QTIParser().parse(entry, file: "c.xml").items.first)
        // QTI's match compares the string exactly: case counts.
        #expect(try ItemScorer.score(capital, response: .text("Paris")).earned == 1)
        #expect(try ItemScorer.score(capital, response: .text("paris")).earned == 0)
    }

    @Test("CSV choice questions, quoted fields and diagnostics")
    func csv() {
        let text = """
            id,prompt,A,B,C,answer,topics,difficulty,points
            q1,"Which port, by default, serves HTTP?",80,443,21,A,networks;ports,easy,1
            q2,"Pick the ""secure"" ones",HTTPS,SSH,Telnet,AB,security,,2
            q3,Bad answer,x,y,,D,,,
            q4,Bad points,x,y,,A,,,"1,5"
            """
        let bank = CSVBankParser().parse(text, file: "b.csv")
        #expect(bank.items.map(\.id) == ["q1", "q2"])
        #expect(bank.items[0].topics == ["networks", "ports"])
        #expect(bank.items[1].prompt.text() == #"Pick the "secure" ones"#)
        #expect(bank.items[1].kind.name == "multiple-response")
        #expect(
            bank.diagnostics.errors.map(\.description) == [
                "b.csv:4:20: error: answer 'D' must name filled option columns among A, B",
                "b.csv:5:24: error: points '1,5' is not a number; use a dot for decimals",
            ]
        )
    }

    @Test("Aiken: an answer that names no option is reported at its line")
    func aikenDiagnostics() {
        let bank = AikenParser().parse("Q?\nA) x\nB) y\nANSWER: C\n\nLonely question\n", file: "a.txt")
        #expect(
            bank.diagnostics.errors.map(\.description) == [
                "a.txt:4:1: error: answer 'C' is not one of the options A, B",
                "a.txt:6:1: error: the question has no 'ANSWER:' line",
            ]
        )
    }
}
