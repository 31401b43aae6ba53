import MusterDomain
import Testing

/// The live path scores a candidate's answer by index; the import path scores texts. Both are
/// the one scoring rule: on every kind and every answer shape, they must agree.
@Suite("The index path and the text path score alike")
struct ScoringPathsTests {
    static func text(_ value: String) -> LocalizedText { LocalizedText(["zh-CN": "题\(value)", "en": value]) }

    /// Items of every auto-scored kind and rule, with partial credit, duplicates and distractors.
    static let items: [Item] = [
        Item(
            id: "sc", prompt: text("?"),
            kind: .singleChoice([
                .init(text: text("a"), fraction: 1), .init(text: text("b"), fraction: 0.5),
                .init(text: text("c"), fraction: 0),
            ])),
        Item(
            id: "mr-w", prompt: text("?"),
            kind: .multipleResponse(
                .init(options: [
                    .init(text: text("a"), fraction: 0.5), .init(text: text("b"), fraction: 0.5),
                    .init(text: text("c"), fraction: -1), .init(text: text("d"), fraction: 0),
                ]))),
        Item(
            id: "mr-a", prompt: text("?"),
            kind: .multipleResponse(
                .init(
                    options: [
                        .init(text: text("a"), fraction: 0.5), .init(text: text("b"), fraction: 0.5),
                        .init(text: text("c"), fraction: 0),
                    ], rule: .allOrNothing))),
        Item(id: "tf", prompt: text("?"), kind: .trueFalse(.init(answer: false))),
        Item(
            id: "sa", prompt: text("?"),
            kind: .shortAnswer(.init(answers: [.init(text: "TCP/IP"), .init(text: "tcp", fraction: 0.5)]))),
        Item(
            id: "nu", prompt: text("?"),
            kind: .numeric([.init(.value(10, tolerance: 0.5)), .init(.range(minimum: 0, maximum: 20), fraction: 0.25)])),
        Item(
            id: "ma-p", prompt: text("?"),
            kind: .matching(
                .init(
                    pairs: [
                        .init(left: text("l1"), right: text("r1"), credit: 2),
                        .init(left: text("l2"), right: text("r2")), .init(left: text("l3"), right: text("r1")),
                    ], distractors: [text("d")]))),
        Item(
            id: "ma-a", prompt: text("?"),
            kind: .matching(
                .init(
                    pairs: [.init(left: text("l1"), right: text("r1")), .init(left: text("l2"), right: text("r2"))],
                    distractors: [text("d")], scoring: .allOrNothing))),
        Item(id: "or-p", prompt: text("?"), kind: .ordering([text("w"), text("x"), text("y"), text("z")])),
        Item(
            id: "or-a", prompt: text("?"), kind: .ordering([text("w"), text("x"), text("y")], scoring: .allOrNothing)),
    ]

    /// A random answer of the right shape (indices in range) for `item` at `entry`.
    static func answer(_ item: Item, _ count: Int, random: inout SeededGenerator) -> CandidateAnswer {
        var generator = random
        defer { random = generator }
        func roll(_ bound: Int) -> Int { Int(generator.next() % UInt64(max(1, bound))) }
        switch item.kind {
        case .singleChoice: return .choice(roll(count))
        case .multipleResponse: return .choices(Array(Set((0..<roll(count + 1)).map { _ in roll(count) })).sorted())
        case .trueFalse: return .truth(roll(2) == 0)
        case .shortAnswer: return .text(["TCP/IP", " tcp/ip ", "TCP", "ｔｃｐ", "udp", ""][roll(6)])
        case .numeric: return .number([10, 10.4, 11, 15, 25, -1][roll(6)])
        case .matching(let key): return .matches(key.pairs.map { _ in roll(4) == 0 ? nil : roll(count) })
        case .ordering:
            var order = Array(0..<count)
            order.shuffle(using: &generator)
            return .order(order)
        default: return .truth(true)
        }
    }

    @Test("a thousand random answers per kind and option order score the same by index and by text")
    func agree() throws {
        var random = SeededGenerator(seed: 99)
        for item in Self.items {
            let count = FormAssembler.optionCount(item.kind)
            for _ in 0..<1_000 {
                var order = Array(0..<count)
                order.shuffle(using: &random)
                let entry = FormEntry(position: 1, section: "s", itemID: item.id, points: 1, optionOrder: order)
                let answer = Self.answer(item, count, random: &random)
                #expect(answer.problem(for: item, at: entry) == nil)
                let byText = try ItemScorer.score(item, response: try #require(answer.response(for: item, at: entry)))
                let byIndex = try #require(ItemScorer.fraction(of: item, answer: answer, at: entry))
                #expect(abs(byIndex - byText.fraction) < 1e-6, "\(item.id) \(answer) order \(order)")
            }
        }
    }

    @Test("an index outside what was shown, or the wrong shape, scores nothing by index")
    func misfits() {
        let entry = FormEntry(position: 1, section: "s", itemID: "sc", points: 1, optionOrder: [2, 0, 1])
        #expect(ItemScorer.fraction(of: Self.items[0], answer: .choice(3), at: entry) == nil)
        #expect(ItemScorer.fraction(of: Self.items[0], answer: .truth(true), at: entry) == nil)
        // Shown index 1 is the stored option 0 (full credit).
        #expect(ItemScorer.fraction(of: Self.items[0], answer: .choice(1), at: entry) == 1)
    }

    @Test("lists of indices: out of range or negative is no fit; read through the option order; repeats count once")
    func indexLists() {
        func fraction(_ item: Int, _ order: [Int], _ answer: CandidateAnswer) -> Double? {
            let entry = FormEntry(
                position: 1, section: "s", itemID: Self.items[item].id, points: 1, optionOrder: order)
            return ItemScorer.fraction(of: Self.items[item], answer: answer, at: entry)
        }
        // mr-w (a 0.5, b 0.5, c -1, d 0) shown in reverse: shown 3 is a, 2 is b, 1 is c.
        let reverse = [3, 2, 1, 0]
        #expect(fraction(1, reverse, .choices([-1])) == nil)
        #expect(fraction(1, reverse, .choices([4])) == nil)
        #expect(fraction(1, reverse, .choices([3, 3, 2])) == 1)
        #expect(fraction(1, reverse, .choices([1])) == 0)
        // ma-p (l1→r1 credit 2, l2→r2, l3→r1; distractor d), answers shown as r2, r1, d, r1(l3).
        let shuffled = [1, 0, 3, 2]
        #expect(fraction(6, shuffled, .matches([1, 0, nil])) == 0.75)
        // l1 given l3's r1 and l3 given l1's r1: the same text is as right.
        #expect(fraction(6, shuffled, .matches([3, nil, 1])) == 0.75)
        #expect(fraction(6, shuffled, .matches([4, nil, nil])) == nil)
        #expect(fraction(6, shuffled, .matches([-1, nil, nil])) == nil)
        #expect(fraction(6, shuffled, .matches([0, 1])) == nil)
        // or-p (w x y z) shown as y w z x.
        let order = [2, 0, 3, 1]
        #expect(fraction(8, order, .order([1, 3, 0, 2])) == 1)
        #expect(fraction(8, order, .order([1, 3])) == 0.5)
        #expect(fraction(8, order, .order([4, 0])) == nil)
        #expect(fraction(8, order, .order([-1])) == nil)
    }
}

/// The byte-level path for ASCII text must normalise exactly as the Unicode one.
@Suite("ASCII text normalises as Unicode text does")
struct ASCIINormalizationTests {
    @Test("random ASCII strings, with every kind of whitespace and letter case, both ways")
    func sameAsUnicode() {
        var random = SeededGenerator(seed: 5)
        let alphabet = Array(" \t\n\r\u{0B}\u{0C}aBcXyZ09/-_.,;:'\"()".unicodeScalars)
        for _ in 0..<5_000 {
            let length = Int(random.next() % 24)
            let text = String(
                String.UnicodeScalarView(
                    (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }))
            for caseSensitive in [false, true] {
                // The slow path on the same text, forced by a non-ASCII marker removed afterwards.
                let unicode = TextNormalization.normalize(text + "é", caseSensitive: caseSensitive)
                let expected = String(unicode.dropLast())
                #expect(
                    TextNormalization.normalize(text, caseSensitive: caseSensitive)
                        == (expected.hasSuffix(" ") ? String(expected.dropLast()) : expected),
                    "\(text.debugDescription)")
            }
        }
    }
}
