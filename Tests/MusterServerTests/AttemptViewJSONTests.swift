import Foundation
import MusterApp
import MusterDomain
import Testing

@testable import MusterServer

@Suite("A candidate's attempt written byte by byte")
struct AttemptViewJSONTests {
    /// Text that needs every kind of escape, and some that needs none.
    static let awkward = "引号\"反斜杠\\ 换行\n回车\r制表\t控制\u{01}\u{1F} 斜杠/ emoji 🚓 ok"

    static func text(_ words: String) -> LocalizedText { LocalizedText(["zh-CN": "中文 " + words, "en": words]) }

    /// A candidate item of `kind` at `position`, with the lists its kind shows set by hand.
    static func item(_ position: Int, _ kind: String, points: Double) -> CandidateItem {
        var item = CandidateItem(
            Item(id: "i\(position)", prompt: text("Q\(position) " + awkward), kind: .description),
            at: FormEntry(
                position: position, section: "第一部分 \"s\"", itemID: "i\(position)", points: points, optionOrder: []))
        item.kind = kind
        return item
    }

    static func view(attempt: Attempt, points: [Double] = [1, 0.5, 2.25, 1e-7, 1e20, 3]) -> AttemptView {
        var items = points.enumerated().map { item($0.offset + 1, "essay", points: $0.element) }
        items[0].kind = "single-choice"
        items[0].options = [text("A"), text("B " + awkward), LocalizedText(["en": ""])]
        items[1].kind = "matching"
        items[1].left = [text("L1"), text("L2")]
        items[1].right = [text("R2"), text("D1"), text("R1")]
        items[2].kind = "ordering"
        items[2].entries = [text("third"), text("first"), text("second")]
        items[3].kind = "multiple-response"
        items[3].options = []
        let answers: [SavedAnswer] = [
            .init(position: 1, sequence: 1, answer: .choice(2), flagged: false),
            .init(position: 2, sequence: 9_000_000_000, answer: .matches([2, nil, 0]), flagged: true),
            .init(position: 3, sequence: 3, answer: .order([1, 2, 0]), flagged: false),
            .init(position: 4, sequence: 4, answer: .choices([0, 2]), flagged: false),
            .init(position: 5, sequence: 5, answer: .text(awkward), flagged: true),
            .init(position: 6, sequence: 6, answer: .number(-12.375), flagged: false),
            .init(position: 7, sequence: 7, answer: .truth(false), flagged: false),
            .init(position: 8, sequence: 8, answer: nil, flagged: true),
        ]
        return AttemptView(attempt: attempt, secondsRemaining: 3599, items: items, answers: answers)
    }

    static let open = Attempt(
        id: 42, sitting: "S-2026-\"1\"", exam: "计算机 exam", examVersion: 3, badge: "B\\001", number: 2,
        admittedAt: Date(timeIntervalSince1970: 1_795_000_000), deadline: Date(timeIntervalSince1970: 1_795_003_600))

    static var closed: Attempt {
        var attempt = open
        attempt.status = .submitted
        attempt.submittedAt = Date(timeIntervalSince1970: 1_795_001_234)
        attempt.submittedBy = "proctor.王"
        attempt.pausedAt = Date(timeIntervalSince1970: 1_795_000_600)
        return attempt
    }

    static func synthesized(_ view: AttemptView) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(view)
    }

    @Test("reads back as the same view, and as the same JSON members as JSONEncoder writes", arguments: [true, false])
    func sameAsSynthesized(closed: Bool) throws {
        let view = Self.view(attempt: closed ? Self.closed : Self.open)
        let bytes = try #require(AttemptViewJSON.bytes(of: view))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(AttemptView.self, from: Data(bytes)) == view)
        let written = try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary
        let expected = try JSONSerialization.jsonObject(with: Self.synthesized(view)) as? NSDictionary
        #expect(written != nil)
        #expect(written == expected)
        // Optional members are left out, not written as null, as the synthesized encoding does.
        let attempt = try #require(written?["attempt"] as? NSDictionary)
        #expect((attempt["submittedAt"] == nil) == !closed)
        #expect((attempt["pausedAt"] == nil) == !closed)
        let answers = try #require(written?["answers"] as? [NSDictionary])
        #expect(answers.last?["answer"] == nil)
    }

    @Test("a time with a fraction of a second is written to the second, as JSONEncoder's ISO 8601 does")
    func wholeSeconds() throws {
        var attempt = Self.open
        attempt.admittedAt = Date(timeIntervalSince1970: 1_795_000_000.987)
        let view = Self.view(attempt: attempt)
        let bytes = try #require(AttemptViewJSON.bytes(of: view))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""admittedAt":"2026-11-18T11:06:40Z""#))
        let written = try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary
        #expect(written == (try JSONSerialization.jsonObject(with: Self.synthesized(view)) as? NSDictionary))
    }

    @Test(
        "every number reads back to the same bits, sign of zero included",
        arguments: [0, -0.0, 1, -1, 0.5, -12.375, 1e-7, 1e20, 9_007_199_254_740_993, -9_007_199_254_740_992, .pi]
    )
    func numbers(value: Double) throws {
        var json = JSONWriter()
        let written = json.number(value)
        #expect(written)
        let decoded = try JSONDecoder().decode(Double.self, from: Data(json.bytes))
        #expect(
            decoded.bitPattern == value.bitPattern,
            "\(value) was written \(String(decoding: json.bytes, as: UTF8.self))")
    }

    @Test("a number JSON cannot spell is left to JSONEncoder", arguments: [Double.infinity, -Double.infinity, .nan])
    func notFinite(points: Double) {
        #expect(AttemptViewJSON.bytes(of: Self.view(attempt: Self.open, points: [1, 2, 3, 4, points])) == nil)
    }
}
