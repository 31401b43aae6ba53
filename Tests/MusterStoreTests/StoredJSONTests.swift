import Foundation
import MusterDomain
import Testing

@testable import MusterStore

/// The fast readers of stored forms and answers must read exactly what JSONDecoder reads, or give
/// up: checked on thousands of random documents as JSONEncoder writes them and as PostgreSQL's
/// jsonb returns them (spaced, keys reordered), and on documents they must refuse.
@Suite("Reading stored forms and answers")
struct StoredJSONTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11 ^ state
        }
    }

    static let texts = [
        "", "TCP/IP", "先安抚情绪，再核查办理过程。", "quote \" and backslash \\ and slash /", "line\nbreak\ttab\r",
        "\u{1}\u{1F}control", "emoji 👮‍♀️ and 𝄞", "ＡＢＣ１２３", "a\u{0301}", "\u{2028}\u{2029}",
    ]

    static func answer(_ random: inout Generator) -> CandidateAnswer? {
        func int() -> Int { Int(random.next() % 12) - 1 }
        switch random.next() % 8 {
        case 0: return .choice(int())
        case 1: return .choices((0..<Int(random.next() % 5)).map { _ in int() })
        case 2: return .truth(random.next() % 2 == 0)
        case 3: return .text(texts[Int(random.next() % UInt64(texts.count))])
        case 4:
            return .number(
                [0, -0.0, 0.1, 1e-7, 123_456.789, -2.5, 1e300, Double(random.next() % 1000) / 7][
                    Int(random.next() % 8)])
        case 5: return .matches((0..<Int(random.next() % 5)).map { _ in random.next() % 3 == 0 ? nil : int() })
        case 6: return .order((0..<Int(random.next() % 6)).map { _ in int() })
        default: return nil
        }
    }

    static func entry(_ random: inout Generator, position: Int) -> FormEntry {
        FormEntry(
            position: position, section: texts[Int(random.next() % UInt64(texts.count))],
            itemID: "item-\(random.next() % 1000)", points: [1, 2, 2.5, 0.1, 10][Int(random.next() % 5)],
            optionOrder: (0..<Int(random.next() % 6)).map { _ in Int(random.next() % 6) })
    }

    /// The document as PostgreSQL's jsonb prints it: `, ` and `: ` between members.
    static func spaced(_ json: String) -> String {
        var result = ""
        var inString = false
        var escaped = false
        for character in json {
            result.append(character)
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character == "\"" {
                inString = true
            } else if character == "," || character == ":" {
                result.append(" ")
            }
        }
        return result
    }

    @Test("random answers and forms read as JSONDecoder reads them, compact or spaced")
    func sameAsJSONDecoder() throws {
        var random = Generator(state: 42)
        let encoder = JSONEncoder()
        for round in 0..<2_000 {
            let answers = (0..<Int(random.next() % 8)).map { _ in Self.answer(&random) }
            let entries = (0..<Int(random.next() % 6)).map { Self.entry(&random, position: $0 + 1) }
            encoder.outputFormatting = round % 2 == 0 ? [] : [.sortedKeys]
            for json in [String(decoding: try encoder.encode(answers), as: UTF8.self)] {
                let expected = try JSONDecoder().decode([CandidateAnswer?].self, from: Data(json.utf8))
                #expect(StoredJSON.answers(json) == expected, "\(json)")
                // Text byte for byte: String equality would hide a reader that normalised it.
                #expect(Self.texts(StoredJSON.answers(json) ?? []) == Self.texts(expected))
                #expect(StoredJSON.answers(Self.spaced(json)) == expected, "\(Self.spaced(json))")
            }
            // The answer log as regrading reads it: (position, sequence, answer) triples.
            let members = try answers.enumerated().map { index, answer in
                "\(index + 1),\(index * 3 + 1),\(String(decoding: try encoder.encode(answer), as: UTF8.self))"
            }
            let triples = "[" + members.joined(separator: ",") + "]"
            let log = try JSONDecoder().decode(AnswerLogTriples.self, from: Data(triples.utf8)).log
            #expect(log.map(\.answer) == answers)
            #expect(StoredJSON.answerLog(triples) == log, "\(triples)")
            #expect(StoredJSON.answerLog(Self.spaced(triples)) == log)
            let form = String(decoding: try encoder.encode(entries), as: UTF8.self)
            let expected = try JSONDecoder().decode([FormEntry].self, from: Data(form.utf8))
            #expect(StoredJSON.formEntries(form) == expected, "\(form)")
            #expect(StoredJSON.formEntries(Self.spaced(form)) == expected)
        }
    }

    static func texts(_ answers: [CandidateAnswer?]) -> [[UInt8]] {
        answers.map { if case .text(let text)? = $0 { Array(text.utf8) } else { [] } }
    }

    @Test("forms with a key twice, and answer logs cut short or with numbers too large, are left to JSONDecoder")
    func moreRefusals() {
        #expect(
            StoredJSON.formEntries(
                #"[{"position": 1, "position": 2, "section": "s", "itemID": "i", "points": 1, "optionOrder": []}]"#)
                == nil)
        for log in ["[", "[1,", "[-", "[1, 2", #"[1, 2, {"number": 1e400}]"#, "[1, -, null]"] {
            #expect(StoredJSON.answerLog(log) == nil, "\(log)")
        }
    }

    @Test(
        "what the fast readers do not expect, they leave to JSONDecoder",
        arguments: [
            #"[{"choice": 1, "text": "a"}]"#, #"[{"choice": 1.0}]"#, #"[{"choice": 01}]"#, #"[{"colour": 1}]"#,
            #"[{"choice": 1}"#, #"[{"choice": 1}] x"#, #"[{"text": "\x"}]"#, #"[{"text": "\ud800"}]"#, #"[{}]"#,
            #"[{"choice": 99999999999999999999}]"#, #"[{"number": "1"}]"#, #"[true]"#, "[\"\u{1}\"]",
        ])
    func refusals(json: String) {
        #expect(StoredJSON.answers(json) == nil)
    }

    @Test("escapes, surrogate pairs and jsonb's own spelling read right")
    func escapes() {
        #expect(
            StoredJSON.answers(#"[null, {"text": "\"\\\/\b\f\n\r\t\u00e9\ud83d\udc6e"}, {"matches": [null, 2]}]"#)
                == [nil, .text("\"\\/\u{8}\u{C}\n\r\té👮"), .matches([nil, 2])])
        #expect(
            StoredJSON.formEntries(
                #"[{"points": 2, "itemID": "r12", "section": "all", "position": 1, "optionOrder": [2, 0, 3, 1]}]"#)
                == [FormEntry(position: 1, section: "all", itemID: "r12", points: 2, optionOrder: [2, 0, 3, 1])])
        #expect(StoredJSON.formEntries(#"[{"points": 2, "itemID": "r12", "section": "all", "position": 1}]"#) == nil)
        #expect(StoredJSON.answerLog("[1, 2]") == nil)
        #expect(StoredJSON.answerLog(#"[1, 2, {"truth": true}, 3, 1, null]"#)?.map(\.position) == [1, 3])
    }
}
