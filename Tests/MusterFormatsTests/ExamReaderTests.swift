import MusterDomain
import Testing

@testable import MusterFormats

@Suite("Exam files")
struct ExamReaderTests {
    @Test("an exam file is read whole, with defaults for attempts, cooldown, shuffling and review")
    func readsWhole() throws {
        let text = """
            exam: pr-written
            track: police-pr
            bank: police-public-relations
            bank_version: 2
            time_limit_minutes: 60
            pass_percent: 60
            sections:
              - {name: media, topics: [media-relations], difficulty: hard, count: 3, points: 5}
            """
        let exam = try #require(ExamReader().parse(text, file: "e.yaml").exam)
        #expect(
            exam
                == ExamDefinition(
                    code: "pr-written", title: LocalizedText("pr-written"), track: "police-pr",
                    bank: "police-public-relations", bankVersion: 2,
                    sections: [
                        .init(name: "media", topics: ["media-relations"], difficulty: .hard, count: 3, points: 5)
                    ],
                    timeLimitMinutes: 60, passPercent: 60, bands: [], attemptsAllowed: 1, cooldownDays: 0,
                    shuffleItems: true, shuffleOptions: true, review: .score))
        #expect(exam.totalPoints == 15)
    }

    @Test("every mistake is reported at its line and column, in file order")
    func diagnostics() {
        let text = """
            exam: PR
            track: police-pr
            bank: b
            bank_version: 0
            time_limit_minutes: 60
            pass_percent: 120
            sections:
              - {name: a, difficulty: extreme, count: 2.5}
            """
        let parsed = ExamReader().parse(text, file: "e.yaml")
        #expect(parsed.exam == nil)
        #expect(
            parsed.diagnostics.map(\.description) == [
                "e.yaml:1:7: error: exam 'PR' must be lowercase letters, digits and dashes",
                "e.yaml:4:15: error: 'bank_version' must be a whole number from 1 to 1000000",
                "e.yaml:6:15: error: 'pass_percent' must be above 0 and at most 100",
                "e.yaml:8:27: error: difficulty 'extreme' must be easy, medium or hard",
                "e.yaml:8:43: error: 'count' must be a whole number from 1 to 500",
            ])
    }

    @Test("second_marking takes a tolerance percentage; a missing or impossible one is reported where it stands")
    func secondMarking() throws {
        let base = """
            exam: pr-written
            track: police-pr
            bank: police-public-relations
            bank_version: 2
            time_limit_minutes: 60
            pass_percent: 60
            sections:
              - {name: essay, types: [essay], count: 1, points: 10}

            """
        let exam = try #require(
            ExamReader().parse(base + "second_marking: {tolerance_percent: 12.5}\n", file: "e.yaml").exam)
        #expect(exam.secondMarking == SecondMarking(tolerancePercent: 12.5))
        #expect(try #require(ExamReader().parse(base, file: "e.yaml").exam).secondMarking == nil)
        let wrong = ExamReader().parse(base + "second_marking:\n  tolerance_percent: 150\n", file: "e.yaml")
        #expect(wrong.exam == nil)
        #expect(
            wrong.diagnostics.map(\.description) == [
                "e.yaml:10:22: error: 'tolerance_percent' must be a percentage from 0 to 100"
            ])
        let missing = ExamReader().parse(base + "second_marking: {}\n", file: "e.yaml")
        #expect(
            missing.diagnostics.map(\.description) == [
                "e.yaml:9:17: error: 'second_marking' needs 'tolerance_percent'"
            ])
    }
}
