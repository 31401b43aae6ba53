import MusterDomain
import Testing

/// Double marking: which role a marker's mark takes, and what a position earns from two marks
/// that agree, two that do not, and a moderator's. Worked on the grader tests' form: the essay
/// (position 7, 10 points, rubric content 0/6 and style 0/4) and the station (position 8, 20
/// points, a man of 25: 12 s earns 60 of 100, 11 s earns 100).
@Suite("Double marking and moderation")
struct SecondMarkingTests {
    static let doubleMarked: ExamDefinition = {
        var exam = AttemptGraderTests.exam
        exam.secondMarking = SecondMarking(tolerancePercent: 40)
        return exam
    }()

    static let answers = AttemptGraderTests.answers([7: .text("an essay")])

    /// The essay's and the station's marks and what they wait for.
    static func grade(
        _ essay: PositionMarking, _ station: PositionMarking = PositionMarking()
    )
        -> (earned: [Double?], awaiting: [ItemMark.Awaiting?], grade: AttemptGrade)
    {
        let grade = AttemptGrader.grade(
            form: AttemptGraderTests.form(), answers: answers, markings: [7: essay, 8: station], exam: doubleMarked)
        let manual = grade.marks.filter { $0.position >= 7 }
        return (manual.map(\.earned), manual.map(\.awaiting), grade)
    }

    @Test(
        "two marks within the tolerance are averaged; one waits for a second; apart they wait for a moderator who decides",
        arguments: [
            // (essay first, second, moderator levels) → essay earned, awaiting
            (nil, nil, nil, nil, ItemMark.Awaiting.mark),
            ([1, 1], nil, nil, nil, .secondMark),
            // 10 and 6: 40% apart, exactly at the tolerance: the mean, 8.
            ([1, 1], [1, 0], nil, 8, nil),
            // 10 and 4: 60% apart: moderation.
            ([1, 1], [0, 1], nil, nil, .moderation),
            // The moderator's 6 decides.
            ([1, 1], [0, 1], [1, 0], 6, nil),
            // A moderator's mark decides even when the markers have since come to agree.
            ([1, 1], [1, 1], [0, 0], 0, nil),
        ] as [([Int]?, [Int]?, [Int]?, Double?, ItemMark.Awaiting?)])
    func essay(first: [Int]?, second: [Int]?, moderator: [Int]?, earned: Double?, awaiting: ItemMark.Awaiting?) {
        let marking = PositionMarking(
            first: first.map { .rubric(levels: $0) }, second: second.map { .rubric(levels: $0) },
            moderator: moderator.map { .rubric(levels: $0) })
        let outcome = Self.grade(marking)
        #expect(outcome.earned.first == earned)
        #expect(outcome.awaiting.first == awaiting)
        let essay = outcome.grade.marks[6]
        #expect(essay.method == (earned == nil ? .pending : .rubric))
        #expect(outcome.grade.pending.contains(7) == (earned == nil))
    }

    @Test("stations are double-marked too; the grade is final only when both positions are decided")
    func stations() {
        let essay = PositionMarking(first: .rubric(levels: [1, 0]), second: .rubric(levels: [1, 0]))
        // 12 s and 11 s: 60 and 100 of 100, 40% apart: the mean 80% of 20 points, 16.
        let agreed = Self.grade(
            essay,
            PositionMarking(
                first: .measurement(12, sex: .male, age: 25), second: .measurement(11, sex: .male, age: 25)))
        #expect(agreed.earned == [6, 16])
        #expect(agreed.grade.isFinal)
        #expect(agreed.grade.marks[7].method == .measurement)
        // 6 + 16 = 22 of 54: 40.740741%.
        #expect((agreed.grade.score, agreed.grade.percent, agreed.grade.passed) == (22, 40.740741, false))
        let waiting = Self.grade(essay, PositionMarking(first: .measurement(12, sex: .male, age: 25)))
        #expect(waiting.earned == [6, nil])
        #expect(waiting.awaiting == [nil, .secondMark])
        #expect(!waiting.grade.isFinal)
        #expect(waiting.grade.pending == [8])
    }

    @Test("without double marking the first mark decides alone, as before")
    func singleMarking() {
        let grade = AttemptGrader.grade(
            form: AttemptGraderTests.form(), answers: Self.answers,
            markings: [7: PositionMarking(first: .rubric(levels: [1, 1]), second: .rubric(levels: [0, 0]))],
            exam: AttemptGraderTests.exam)
        #expect(grade.marks[6].earned == 10)
        #expect(grade.marks[7].awaiting == .mark)
    }

    @Test(
        "the role a marker takes: the first free one; the first may correct until the second marks; the second's stands",
        arguments: [
            // (holders, awaiting, double marked, marker) → role
            ([:], ItemMark.Awaiting.mark, true, "li", MarkerRole.first),
            ([.first: "li"], .secondMark, true, "li", .first),
            ([.first: "li"], .secondMark, true, "wang", .second),
            ([.first: "li", .second: "wang"], .moderation, true, "zhao", .moderator),
            // In moderation neither marker may move their mark to agree.
            ([.first: "li", .second: "wang"], .moderation, true, "wang", nil),
            ([.first: "li", .second: "wang"], .moderation, true, "li", nil),
            // Agreed: nobody may push it into moderation, nor mark it a third time.
            ([.first: "li", .second: "wang"], nil, true, "wang", nil),
            ([.first: "li", .second: "wang"], nil, true, "zhao", nil),
            ([.first: "li", .second: "wang", .moderator: "zhao"], nil, true, "zhao", .moderator),
            ([.first: "li", .second: "wang", .moderator: "zhao"], nil, true, "sun", nil),
            // One mark decides: a mark by anyone replaces it.
            ([.first: "li"], nil, false, "wang", .first),
        ] as [([MarkerRole: String], ItemMark.Awaiting?, Bool, String, MarkerRole?)])
    func roles(
        holders: [MarkerRole: String], awaiting: ItemMark.Awaiting?, double: Bool, marker: String, role: MarkerRole?
    ) {
        let policy = double ? SecondMarking(tolerancePercent: 10) : nil
        #expect(SecondMarking.role(for: marker, holders: holders, awaiting: awaiting, policy: policy) == role)
    }

    @Test("the points one mark alone gives, and none for a mark that does not fit")
    func pointsOfOneMark() throws {
        let form = AttemptGraderTests.form()
        let essay = try #require(form.items["essay"])
        #expect(AttemptGrader.points(of: .rubric(levels: [1, 0]), item: essay, points: 10) == 6)
        #expect(AttemptGrader.points(of: .points(3), item: essay, points: 10) == nil)
        let station = try #require(form.items["station"])
        #expect(AttemptGrader.points(of: .measurement(12, sex: .male, age: 25), item: station, points: 20) == 12)
        #expect(AttemptGrader.points(of: .measurement(12, sex: .male, age: 50), item: station, points: 20) == nil)
    }

    @Test("a refusal says why: the caller's own mark stands, someone moderated, or two marks need no more")
    func refusals() {
        let holders: [MarkerRole: String] = [.first: "li", .second: "wang"]
        #expect(
            SecondMarking.refusal(for: "li", holders: holders, position: 3, attempt: 7)
                == "Your first mark at position 3 of attempt 7 stands: wang has marked it since.")
        #expect(
            SecondMarking.refusal(for: "wang", holders: holders, position: 3, attempt: 7)
                == "Your second mark at position 3 of attempt 7 stands; marks that disagree go to a moderator.")
        #expect(
            SecondMarking.refusal(
                for: "sun", holders: holders.merging([.moderator: "zhao"]) { $1 }, position: 3, attempt: 7)
                == "Position 3 of attempt 7 was moderated by zhao.")
        #expect(
            SecondMarking.refusal(for: "sun", holders: holders, position: 3, attempt: 7)
                == "Position 3 of attempt 7 has been marked by li and wang and is not in moderation: it needs no more marks."
        )
    }
}
