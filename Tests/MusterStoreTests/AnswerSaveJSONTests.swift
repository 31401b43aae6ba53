import Foundation
import MusterDomain
import Testing

@testable import MusterStore

/// The answer save's byte-level JSON must agree with Foundation's: what it reads from a body is
/// what JSONDecoder reads (or it gives up, and JSONDecoder's answer stands), and what it writes
/// for the answer log JSONDecoder reads back as the same answer.
@Suite("Answer save JSON")
struct AnswerSaveJSONTests {
    static func fast(_ text: String) -> AnswerSubmission? {
        var text = text
        return text.withUTF8 { AnswerSaveJSON.body($0) }
    }

    /// A save's body as the synthesized decoder reads it (the server's fallback).
    static func decoded(_ text: String) -> AnswerSubmission? {
        try? JSONDecoder().decode(AnswerSubmission.self, from: Data(text.utf8))
    }

    @Test("bodies written by JSONEncoder, compact and spaced, read as JSONDecoder reads them")
    func bodiesAgree() throws {
        var random = StoredJSONTests.Generator(state: 11)
        let encoder = JSONEncoder()
        var read = 0
        for round in 0..<2_000 {
            let flagged: Bool? = [nil, true, false][round % 3]
            let submission = AnswerSubmission(
                sequence: Int64(random.next() % 1_000_000), answer: StoredJSONTests.answer(&random), flagged: flagged)
            let compact = String(decoding: try encoder.encode(submission), as: UTF8.self)
            let spaced = compact.replacingOccurrences(of: ":", with: " : ").replacingOccurrences(
                of: ",", with: " ,\r\n ")
            for text in [compact, spaced] {
                let expected = try #require(Self.decoded(text), "\(text)")
                guard let fast = Self.fast(text) else { continue }
                read += 1
                #expect(fast.sequence == expected.sequence, "\(text)")
                #expect(fast.answer == expected.answer, "\(text)")
                #expect(fast.flagged == expected.flagged, "\(text)")
            }
        }
        // The fast path is for the common case: it must take nearly every such body.
        #expect(read > 3_500)
    }

    @Test("what the fast reader does not take is left to JSONDecoder, never read differently")
    func refusals() {
        let bodies = [
            #"{"sequence": 1.0}"#, #"{"sequence": 01}"#, #"{"sequence": 1e2}"#, #"{"sequence": "1"}"#,
            #"{"sequence": 1, "extra": 2}"#, #"{"sequence": 1, "sequence": 2}"#, #"{"answer": {"choice": 1}}"#,
            #"{"sequence": 1, "answer": {"number": +1}}"#, #"{"sequence": 1, "answer": {"number": .5}}"#,
            #"{"sequence": 1, "answer": {"number": 1.}}"#, #"{"sequence": 1, "answer": {"number": 01}}"#,
            #"{"sequence": 1, "answer": {"number": 1e}}"#, #"{"sequence": 1, "answer": {"number": -}}"#,
            #"{"sequence": 1, "answer": {"number": 1e400}}"#, #"{"sequence": 1, "answer": {}}"#,
            #"{"sequence": 1, "answer": {"choice": 1, "truth": true}}"#, #"{"sequence": 1, "answer": {"choice": 1}"#,
            #"{"sequence": 1, "flagged": "yes"}"#, "{\"sequence\": 1, \"answer\": {\"text\": \"tab\u{9}inside\"}}",
            #"{"sequence": 1, "answer": {"text": "\ud800"}}"#, #"{"seq\u0075ence": 1}"#, #"[1]"#, "",
            #"{"sequence": 99999999999999999999}"#,
        ]
        for body in bodies {
            #expect(Self.fast(body) == nil, "\(body)")
        }
    }

    @Test("numbers JSON allows are read as the standard library reads them")
    func numbers() throws {
        for (text, value) in [
            ("-0", -0.0), ("0", 0), ("1e5", 1e5), ("1E+5", 1e5), ("2.50", 2.5), ("-3.25e-2", -0.0325),
        ] {
            let body = try #require(Self.fast(#"{"sequence": 1, "answer": {"number": \#(text)}}"#), "\(text)")
            #expect(body.answer == .number(value), "\(text)")
            #expect(Self.decoded(#"{"sequence": 1, "answer": {"number": \#(text)}}"#)?.answer == .number(value))
        }
    }

    @Test("answers written for the log read back as the same answer, escapes and all")
    func writtenAnswersReadBack() throws {
        var random = StoredJSONTests.Generator(state: 5)
        var answers: [CandidateAnswer?] = (0..<2_000).map { _ in StoredJSONTests.answer(&random) }
        answers += StoredJSONTests.texts.map { .text($0) } + [.text("\u{0}\u{7F}\u{8}\u{C}"), nil]
        for answer in answers {
            let text = try #require(AnswerSaveJSON.text(of: answer))
            let back = try JSONDecoder().decode(CandidateAnswer?.self, from: Data(text.utf8))
            #expect(back == answer, "\(text)")
            #expect(StoredJSON.answers("[\(text)]") == [answer], "\(text)")
        }
        #expect(AnswerSaveJSON.text(of: .number(.infinity)) == nil)
        #expect(AnswerSaveJSON.text(of: .number(.nan)) == nil)
    }
}
