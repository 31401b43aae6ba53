import MusterDomain
import Testing

/// Grading a whole form: each kind's marks scaled to the position's points, partial credit,
/// unanswered and voided positions, manual marks, and the pass mark at its boundary. Expected
/// figures are worked out by hand in the comments.
@Suite("Grading an attempt's form")
struct AttemptGraderTests {
    static func text(_ value: String) -> LocalizedText { LocalizedText(value) }

    /// Eight positions, in the bank's option order (no shuffling): 4 points each, essay 10,
    /// station 20, total 54.
    static func form() -> AttemptForm {
        let rubric = Rubric(criteria: [
            .init(
                name: text("content"),
                levels: [.init(label: text("none"), points: 0), .init(label: text("all"), points: 6)]),
            .init(
                name: text("style"),
                levels: [.init(label: text("poor"), points: 0), .init(label: text("good"), points: 4)]),
        ])
        let station = PracticalStation(
            measurement: .time, unit: "s",
            table: ScoringTable(
                direction: .lowerIsBetter,
                groups: [
                    .init(
                        sex: .male, minimumAge: 18, maximumAge: 30,
                        bands: [.init(threshold: 12, points: 60), .init(threshold: 11, points: 100)]),
                    .init(
                        sex: .female, minimumAge: 18, maximumAge: 30, bands: [.init(threshold: 13, points: 60)],
                        placeholder: true),
                ]))
        let items: [Item] = [
            Item(
                id: "sc", prompt: text("?"),
                kind: .singleChoice([
                    .init(text: text("a"), fraction: 0), .init(text: text("b"), fraction: 1),
                    .init(text: text("c"), fraction: 0.5),
                ]), points: 1),
            Item(
                id: "mr", prompt: text("?"),
                kind: .multipleResponse(
                    .init(options: [
                        .init(text: text("a"), fraction: 0.5), .init(text: text("b"), fraction: 0.5),
                        .init(text: text("c"), fraction: -0.5),
                    ])), points: 1),
            Item(id: "tf", prompt: text("?"), kind: .trueFalse(.init(answer: false)), points: 1),
            Item(
                id: "num", prompt: text("?"),
                kind: .numeric([
                    .init(.value(60, tolerance: 0)), .init(.range(minimum: 50, maximum: 70), fraction: 0.5),
                ]), points: 1),
            Item(
                id: "match", prompt: text("?"),
                kind: .matching(
                    .init(
                        pairs: [
                            .init(left: text("l1"), right: text("r1")), .init(left: text("l2"), right: text("r2")),
                        ], distractors: [text("d")])), points: 1),
            Item(
                id: "order", prompt: text("?"), kind: .ordering([text("x"), text("y"), text("z"), text("w")]), points: 1
            ),
            Item(id: "essay", prompt: text("?"), kind: .essay(rubric), points: 10),
            Item(id: "station", prompt: text("?"), kind: .practical(station), points: 100),
        ]
        let points: [Double] = [4, 4, 4, 4, 4, 4, 10, 20]
        let entries = items.enumerated().map { index, item in
            FormEntry(position: index + 1, section: "s", itemID: item.id, points: points[index], optionOrder: [])
        }
        return AttemptForm(entries: entries, items: Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) }))
    }

    static let exam = ExamDefinition(
        code: "e", title: text("e"), track: "t", bank: "b", bankVersion: 1, sections: [], timeLimitMinutes: 10,
        passPercent: 60, bands: [.init(name: "excellent", fromPercent: 90), .init(name: "pass", fromPercent: 60)],
        attemptsAllowed: 1, cooldownDays: 0, shuffleItems: false, shuffleOptions: false, review: .score)

    static func answers(_ given: [Int: CandidateAnswer?]) -> [SavedAnswer] {
        given.map { SavedAnswer(position: $0.key, sequence: 3, answer: $0.value, flagged: false) }
    }

    @Test("each kind's credit scaled to the position's points; essays and stations wait; the total is not final")
    func partialCredit() {
        let grade = AttemptGrader.grade(
            form: Self.form(),
            answers: Self.answers([
                1: .choice(2),  // c: half credit, 2 of 4
                2: .choices([0, 2]),  // 0.5 - 0.5 = 0 of 4
                3: .truth(false),  // right: 4
                4: .number(55),  // in the range: half, 2
                5: .matches([0, 2]),  // one pair of two: 2
                6: .order([0, 1, 3, 2]),  // two of four in place: 2
                7: .text("an essay"),  // waits for a mark
            ]),
            manual: [:], exam: Self.exam)
        #expect(grade.marks.map(\.earned) == [2, 0, 4, 2, 2, 2, nil, nil])
        #expect(grade.marks.map(\.method) == [.auto, .auto, .auto, .auto, .auto, .auto, .pending, .pending])
        #expect(grade.marks.map(\.sequence) == [3, 3, 3, 3, 3, 3, 3, nil])
        #expect((grade.score, grade.maximum) == (12, 54))
        #expect(!grade.isFinal)
        #expect(grade.passed == nil)
        #expect(grade.band == nil)
        #expect(grade.pending == [7, 8])
    }

    @Test("manual marks finish the grade: rubric levels and a measurement by sex and age; placeholders show")
    func manualMarks() {
        let answers = Self.answers([1: .choice(1), 2: .choices([0, 1]), 3: .truth(false), 7: .text("essay")])
        // 4 + 4 + 4 + rubric (6 + 0) / 10 × 10 = 6 + station 11 s for a man of 25: 100 of 100 → 20.
        let male = AttemptGrader.grade(
            form: Self.form(), answers: answers,
            manual: [7: .rubric(levels: [1, 0]), 8: .measurement(11, sex: .male, age: 25)], exam: Self.exam)
        #expect(male.marks.map(\.earned) == [4, 4, 4, 0, 0, 0, 6, 20])
        #expect(male.marks[3...5].map(\.method) == [.unanswered, .unanswered, .unanswered])
        #expect((male.score, male.maximum, male.isFinal) == (38, 54, true))
        // 38 / 54 = 70.370370…%
        #expect(male.percent == 70.37037)
        #expect(male.passed == true)
        #expect(male.band == "pass")
        #expect(!male.usesPlaceholderTable)
        // A woman of 25 at 12.5 s: 60 of 100 → 12, from a placeholder group; 30 / 54 = 55.5…%: fails.
        let female = AttemptGrader.grade(
            form: Self.form(), answers: answers,
            manual: [7: .rubric(levels: [1, 0]), 8: .measurement(12.5, sex: .female, age: 25)], exam: Self.exam)
        #expect(female.marks.last?.earned == 12)
        #expect(female.usesPlaceholderTable)
        #expect(female.passed == false)
        #expect(female.band == nil)
    }

    @Test("answers in any order: the highest sequence per position counts; answers off the form are ignored")
    func answerOrder() {
        func saved(_ position: Int, _ sequence: Int64, _ answer: CandidateAnswer) -> SavedAnswer {
            SavedAnswer(position: position, sequence: sequence, answer: answer, flagged: false)
        }
        let shuffled = [
            saved(3, 1, .truth(true)), saved(1, 2, .choice(1)), saved(3, 5, .truth(false)), saved(1, 1, .choice(0)),
            saved(9, 1, .choice(0)), saved(3, 4, .truth(true)),
        ]
        let grade = AttemptGrader.grade(form: Self.form(), answers: shuffled, manual: [:], exam: Self.exam)
        // Position 1's latest is b (right, 4), position 3's is false (right, 4).
        #expect(grade.marks.map(\.earned) == [4, 0, 4, 0, 0, 0, 0, nil])
        #expect(grade.marks.map(\.sequence) == [2, nil, 5, nil, nil, nil, nil, nil])
        #expect(grade.marks.map(\.method)[0...3] == [.auto, .unanswered, .auto, .unanswered])
        let sorted = [saved(1, 2, .choice(1)), saved(3, 5, .truth(false))]
        #expect(AttemptGrader.grade(form: Self.form(), answers: sorted, manual: [:], exam: Self.exam) == grade)
    }

    @Test("an unanswered essay earns 0 without waiting; a voided item leaves both the score and the maximum")
    func voided() {
        let answers = Self.answers([
            1: .choice(1), 2: .choices([0, 1]), 3: .truth(false), 4: .number(60), 5: .matches([0, 1]),
            6: .order([0, 1, 2, 3]),
        ])
        // Six auto positions right: 24; essay unanswered: 0 of 10; station 20 s is too slow: 0 of 20.
        let manual: [Int: ManualMark] = [8: .measurement(20, sex: .male, age: 20)]
        let whole = AttemptGrader.grade(form: Self.form(), answers: answers, manual: manual, exam: Self.exam)
        #expect(whole.marks[6].method == .unanswered)
        #expect(whole.marks[7].method == .measurement)
        #expect((whole.score, whole.maximum, whole.isFinal) == (24, 54, true))
        // 24 / 54 = 44.4…%: fails.
        #expect(whole.passed == false)
        // The essay and the station voided: 24 of 24.
        let voided = AttemptGrader.grade(
            form: Self.form(), answers: answers, manual: manual, exam: Self.exam, voided: ["essay", "station"])
        #expect((voided.score, voided.maximum, voided.percent) == (24, 24, 100))
        #expect(voided.marks.filter { $0.method == .voided }.map(\.position) == [7, 8])
        #expect(voided.marks.filter { $0.method == .voided }.map(\.maximum) == [0, 0])
        #expect(voided.band == "excellent")
    }

    @Test("exactly the pass mark passes; half credit on one position, below it, fails")
    func passMark() {
        // Five 4-point positions (sc, mr, tf, num, match), three right: 12 / 20 = 60% exactly.
        let exam = Self.exam
        let voided: Set<String> = ["order", "essay", "station"]
        let three = AttemptGrader.grade(
            form: Self.form(), answers: Self.answers([1: .choice(1), 2: .choices([0, 1]), 3: .truth(false)]),
            manual: [:], exam: exam, voided: voided)
        #expect((three.score, three.maximum, three.percent, three.passed) == (12, 20, 60, true))
        #expect(three.band == "pass")
        // Half credit on one of them: 10 / 20 = 50%.
        let less = AttemptGrader.grade(
            form: Self.form(), answers: Self.answers([1: .choice(2), 2: .choices([0, 1]), 3: .truth(false)]),
            manual: [:], exam: exam, voided: voided)
        #expect((less.percent, less.passed) == (50, false))
    }
}
