import Foundation
import MusterDomain
import Testing

@testable import MusterFormats

/// The project's own QTI corpus (Tests/MusterFormatsTests/QTICorpus), written for these tests in
/// QTI 2.1 and 3.0: every interaction and template the importer claims, with scores computed by
/// hand from the specification (not from the importer's output).
@Suite("QTI corpus: every claimed interaction and template, in 2.1 and 3.0")
struct QTICorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "QTICorpus")

    static func parse(_ path: String) throws -> ParsedBank {
        let text = try String(contentsOf: folder.appending(path: path), encoding: .utf8)
        return QTIParser().parse(text, file: (path as NSString).lastPathComponent)
    }

    /// A response and the marks QTI's response processing gives it.
    struct Case: Sendable {
        var response: Response
        var earned: Double
    }

    /// File, the item's maximum and hand-computed cases.
    static let expectations: [(file: String, maximum: Double, cases: [Case])] = [
        (
            "choice-single-correct", 1,
            [Case(response: .choice("Bravo"), earned: 1), Case(response: .choice("Alpha"), earned: 0)]
        ),
        // Mapping A=1, B=0.5: the maximum is the best single value.
        (
            "choice-single-mapped", 1,
            [Case(response: .choice("Bravo"), earned: 0.5), Case(response: .choice("Charlie"), earned: 0)]
        ),
        (
            "choice-multiple-correct", 1,
            [
                Case(response: .choices(["Alpha", "Charlie"]), earned: 1),
                Case(response: .choices(["Alpha"]), earned: 0),
                Case(response: .choices(["Alpha", "Bravo", "Charlie"]), earned: 0),
            ]
        ),
        // A=1, B=1, C=-1, bounds 0..2: {A,B}=2; {A,C}=0; {A,B,C}=1; {C}=-1 → 0.
        (
            "choice-multiple-mapped", 2,
            [
                Case(response: .choices(["Alpha", "Bravo"]), earned: 2),
                Case(response: .choices(["Alpha", "Charlie"]), earned: 0),
                Case(response: .choices(["Alpha", "Bravo", "Charlie"]), earned: 1),
                Case(response: .choices(["Charlie"]), earned: 0),
            ]
        ),
        // match compares strings exactly: case counts.
        (
            "text-entry-correct", 1,
            [Case(response: .text("York"), earned: 1), Case(response: .text("york"), earned: 0)]
        ),
        // York→1 and york→0.5, both case-sensitive: york is 0.5, YORK matches neither.
        (
            "text-entry-mapped", 1,
            [
                Case(response: .text("York"), earned: 1), Case(response: .text("york"), earned: 0.5),
                Case(response: .text("YORK"), earned: 0), Case(response: .text(""), earned: 0),
            ]
        ),
        (
            "text-entry-insensitive", 1,
            [Case(response: .text("PARIS"), earned: 1), Case(response: .text("Lyon"), earned: 0)]
        ),
        ("text-entry-float", 1, [Case(response: .number(3.5), earned: 1), Case(response: .number(3.4), earned: 0)]),
        // match_correct on an ordered response: all or nothing.
        (
            "order-correct", 1,
            [
                Case(response: .order(["Charlie", "Alpha", "Bravo"]), earned: 1),
                Case(response: .order(["Alpha", "Bravo", "Charlie"]), earned: 0),
                Case(response: .order(["Charlie", "Bravo", "Alpha"]), earned: 0),
            ]
        ),
        (
            "match-correct", 1,
            [
                Case(
                    response: .matches([
                        "Capulet": "Romeo and Juliet", "Lysander": "A Midsummer Night's Dream",
                        "Prospero": "The Tempest",
                    ]), earned: 1),
                Case(
                    response: .matches([
                        "Capulet": "Romeo and Juliet", "Lysander": "Hamlet", "Prospero": "The Tempest",
                    ]), earned: 0),
            ]
        ),
        // C R=1, L M=0.5, P T=1: the maximum is 2.5; C R and P T alone earn 2.
        (
            "match-mapped", 2.5,
            [
                Case(
                    response: .matches([
                        "Capulet": "Romeo and Juliet", "Lysander": "A Midsummer Night's Dream",
                        "Prospero": "The Tempest",
                    ]), earned: 2.5),
                Case(response: .matches(["Capulet": "Romeo and Juliet", "Prospero": "The Tempest"]), earned: 2),
                Case(response: .matches(["Capulet": "Hamlet"]), earned: 0),
            ]
        ),
        (
            "inline-choice", 1,
            [Case(response: .choice("York"), earned: 1), Case(response: .choice("Gloucester"), earned: 0)]
        ),
        (
            "inline-rp-match-correct", 1,
            [Case(response: .choice("Bravo"), earned: 1), Case(response: .choice("Alpha"), earned: 0)]
        ),
        // A=2, C=1, no upper bound: the maximum is the sum of positive values, 3.
        (
            "inline-rp-map-response", 3,
            [
                Case(response: .choices(["Alpha", "Charlie"]), earned: 3),
                Case(response: .choices(["Charlie"]), earned: 1),
            ]
        ),
    ]

    @Test("each item imports whole and scores as the specification computes", arguments: ["v2p1", "v3p0"])
    func scores(version: String) throws {
        for expectation in Self.expectations {
            let bank = try Self.parse("\(version)/\(expectation.file).xml")
            #expect(bank.diagnostics.errors.isEmpty, "\(version)/\(expectation.file): \(bank.diagnostics)")
            let item = try #require(bank.items.first, "\(version)/\(expectation.file)")
            #expect(bank.items.count == 1)
            #expect(item.points == expectation.maximum, "\(version)/\(expectation.file) maximum")
            for (index, test) in expectation.cases.enumerated() {
                let earned = try ItemScorer.score(item, response: test.response).earned
                #expect(earned == test.earned, "\(version)/\(expectation.file) case \(index + 1)")
            }
        }
    }

    @Test("an extended-text item imports as an essay marked by a trainer", arguments: ["v2p1", "v3p0"])
    func essay(version: String) throws {
        let item = try #require(try Self.parse("\(version)/extended-text.xml").items.first)
        #expect(item.kind == .essay(nil))
        #expect(item.prompt.text() == "Describe a lawful stop.")
    }

    @Test("what cannot be imported exactly is refused whole, named at its own line", arguments: ["v2p1", "v3p0"])
    func refusals(version: String) throws {
        let condition = version == "v3p0" ? "qti-response-condition" : "responseCondition"
        let hotspot = version == "v3p0" ? "qti-hotspot-interaction" : "hotspotInteraction"
        let expected: [(file: String, line: Int, start: String)] = [
            ("refuse-hotspot", 9, "\(hotspot) is not supported"),
            ("refuse-two-interactions", 10, "item 'two-interactions' has 2 interactions"),
            ("refuse-custom-processing", 16, "custom response processing (<\(condition)> on line 16)"),
            (
                "refuse-no-correct-response", 3,
                "item 'no-correct-response' is scored by match_correct but has no correct response"
            ),
            ("refuse-no-processing", 2, "item 'no-processing' has no response processing"),
        ]
        for refusal in expected {
            let bank = try Self.parse("\(version)/\(refusal.file).xml")
            #expect(bank.items.isEmpty, "\(refusal.file)")
            let error = try #require(bank.diagnostics.errors.first, "\(refusal.file)")
            #expect(error.message.hasPrefix(refusal.start), "\(refusal.file): \(error.message)")
            #expect(error.position.line == refusal.line, "\(refusal.file): line \(error.position.line)")
        }
    }

    @Test("QTI 1.2 and malformed XML are refused in words, at the real position")
    func malformed() throws {
        let old = try Self.parse("refuse-qti12.xml")
        #expect(old.diagnostics.errors.map(\.message) == ["QTI 1.2 is not supported; export QTI 2.1 or 3.0"])
        let entity = try Self.parse("refuse-entity.xml")
        let entityError = try #require(entity.diagnostics.errors.first)
        #expect(entityError.message.contains("undefined entity '&nbsp;'"), "\(entityError.message)")
        #expect(entityError.position.line == 4)
        let attribute = try Self.parse("refuse-attribute.xml")
        let attributeError = try #require(attribute.diagnostics.errors.first)
        #expect(attributeError.message.contains("attribute"), "\(attributeError.message)")
        #expect(attributeError.position.line == 5)
    }
}

/// Items the reference engines would score differently from any key Muster could hold.
@Suite("QTI items refused rather than scored differently")
struct QTIRefusalTests {
    static func item(declaration: String, body: String, template: String = "map_response") -> String {
        """
        <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x" title="x">
          \(declaration)
          <itemBody>\(body)</itemBody>
          <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/\(template)"/>
        </assessmentItem>
        """
    }

    static let choices = """
        <choiceInteraction responseIdentifier="RESPONSE" maxChoices="0">
          <simpleChoice identifier="A">Alpha</simpleChoice><simpleChoice identifier="B">Bravo</simpleChoice>
        </choiceInteraction>
        """

    static func firstError(_ text: String) -> String? {
        QTIParser().parse(text, file: "x.xml").diagnostics.errors.first?.message
    }

    @Test("a lower bound above 0 would credit wrong answers; a mapping that cannot score is no key")
    func bounds() {
        let lower = Self.item(
            declaration: """
                <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
                  <mapping lowerBound="1" defaultValue="0"><mapEntry mapKey="A" mappedValue="2"/></mapping>
                </responseDeclaration>
                """, body: Self.choices)
        #expect(Self.firstError(lower)?.hasPrefix("lowerBound 1.0 would give credit to any answer") == true)
        let zero = lower.replacingOccurrences(of: "lowerBound=\"1\"", with: "upperBound=\"0\"")
        #expect(Self.firstError(zero) == "the mapping cannot give a positive score")
        let nan = lower.replacingOccurrences(of: "lowerBound=\"1\" ", with: "").replacingOccurrences(
            of: "mappedValue=\"2\"", with: "mappedValue=\"nan\"")
        #expect(Self.firstError(nan) == "this mapEntry has no mapKey or a mappedValue that is not a number")
    }

    @Test("keys one answer could match with different values, and templates on another response")
    func ambiguity() {
        let york = Self.item(
            declaration: """
                <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">
                  <mapping defaultValue="0">
                    <mapEntry mapKey="york" mappedValue="0.5" caseSensitive="false"/>
                    <mapEntry mapKey="York" mappedValue="1" caseSensitive="true"/>
                  </mapping>
                </responseDeclaration>
                """, body: "<p>House of <textEntryInteraction responseIdentifier=\"RESPONSE\"/></p>")
        #expect(Self.firstError(york) == "mapKey 'York' and 'york' can match the same answer with different values")
        let other = york.replacingOccurrences(of: "\"RESPONSE\"", with: "\"RESPONSE1\"")
        #expect(Self.firstError(other)?.hasPrefix("the standard templates score the response 'RESPONSE'") == true)
    }

    @Test("feedback in the body, choices left out of the key, and choices that read alike are refused")
    func content() {
        let feedback = Self.item(
            declaration: """
                <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
                  <correctResponse><value>A</value></correctResponse>
                </responseDeclaration>
                """,
            body: "<feedbackInline outcomeIdentifier=\"FB\" identifier=\"A\">Right!</feedbackInline>" + Self.choices,
            template: "match_correct")
        #expect(Self.firstError(feedback)?.hasPrefix("<feedbackInline> is not supported") == true)
        let order = Self.item(
            declaration: """
                <responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier">
                  <correctResponse><value>B</value><value>A</value></correctResponse>
                </responseDeclaration>
                """,
            body: """
                <orderInteraction responseIdentifier="RESPONSE">
                  <simpleChoice identifier="A">Alpha</simpleChoice><simpleChoice identifier="B">Bravo</simpleChoice>
                  <simpleChoice identifier="C">Charlie</simpleChoice>
                </orderInteraction>
                """, template: "match_correct")
        #expect(Self.firstError(order) == "the correct order must name every choice of the interaction once")
        let alike = Self.item(
            declaration: """
                <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
                  <correctResponse><value>A</value></correctResponse>
                </responseDeclaration>
                """,
            body: Self.choices.replacingOccurrences(of: "Bravo", with: "Alpha"), template: "match_correct")
        #expect(Self.firstError(alike) == "two choices read 'Alpha'; candidates could not tell them apart")
    }

    @Test("GIFT's true/false check is case-sensitive, as Moodle's: {true} is a short answer")
    func giftTrueFalseCase() throws {
        let bank = GIFTParser().parse("::a::Q {true}\n\n::b::R {TRUE}", file: "t.gift")
        #expect(bank.items.map(\.kind.name) == ["short-answer", "true-false"])
    }
}
