import Foundation
import MusterDomain
import Testing

@testable import MusterFormats

@Suite("Promotion policies as data")
struct PolicyReaderTests {
    static func shipped(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(contentsOf: root.appending(path: "Policies/\(name).yaml"), encoding: .utf8)
    }

    @Test("the Chinese People's Police ladder reads with every rule from the domain facts")
    func chinesePolicy() throws {
        let parsed = PolicyReader().parse(try Self.shipped("cn-peoples-police"), file: "cn.yaml")
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        let policy = try #require(parsed.policy)
        #expect(policy.ranks.count == 13)
        #expect(policy.ranks.map { $0.intervals.first?.years } == [3, 3, 3, 3, 4, 4, 4, nil, nil, nil, nil, nil, nil])
        #expect(policy.rank("supervisor-3")?.requiresCollegeTraining == true)
        #expect(policy.rank("commissioner-3")?.advancement == .selection)
        #expect(policy.rank("commissioner-general")?.advancement == .appointment)
        #expect(policy.nextRank(after: "superintendent-1")?.name.text(in: "zh-CN") == "三级警督")
        #expect(policy.posts.count == 8)
        let clerk = try #require(policy.posts.first { $0.code == "clerk" })
        #expect((clerk.floorRank, clerk.ceilingRank) == ("constable-2", "superintendent-1"))
        #expect(policy.sanctions.map(\.blockingMonths) == [6, 12, 18, 24, 24])
        #expect(policy.assessmentGrades.filter(\.passesReview).map(\.code) == ["excellent", "competent"])
        #expect(policy.assessmentGrades.first { $0.code == "incompetent" }?.countsTowardSeniority == false)
        #expect(policy.mustTrain.first { $0.certificate == "computer-literacy" }?.onlyUnderAge == 50)
    }

    @Test("a US-style municipal ladder reads too: nothing about ranks is hard-coded")
    func usPolicy() throws {
        let parsed = PolicyReader().parse(try Self.shipped("us-municipal"), file: "us.yaml")
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        let policy = try #require(parsed.policy)
        #expect(policy.ranks.map(\.code) == ["officer", "corporal", "sergeant", "lieutenant", "captain"])
        #expect(policy.nextRank(after: "captain") == nil)
        #expect(policy.title.text(in: "en") == "Municipal police department promotion rules")
    }

    @Test(
        "invalid policies are refused with file:line:column diagnostics",
        arguments: [
            (
                "policy: p\nranks:\n  - {code: a, years: 2}\n  - {code: b}\nposts:\n  - {code: x, floor: a, ceiling: zz}\n",
                "p.yaml:6:34: error: 'ceiling' names unknown rank 'zz'; ranks are: a, b"
            ),
            (
                "policy: p\nranks:\n  - {code: a, years: 2}\n  - {code: b}\n  - {code: a}\n",
                "p.yaml:5:5: error: rank 'a' appears twice; the ladder would loop back on itself"
            ),
            (
                "policy: p\nranks:\n  - {code: a, years: -3}\n  - {code: b}\n",
                "p.yaml:3:22: error: 'years' must be a whole number of zero or more, not -3"
            ),
            (
                "policy: p\nranks:\n  - {code: a}\n  - {code: b}\nposts:\n  - {code: x, floor: b, ceiling: a}\n",
                "p.yaml:6:5: error: post 'x' has floor 'b' above ceiling 'a'"
            ),
            (
                "policy: p\nranks:\n  - {code: a}\n  - {code: b}\nsanctions:\n  - {code: w, blocking_months: 6, from: 2020-02-30}\n",
                "p.yaml:6:41: error: 'from' value '2020-02-30' is not a date written YYYY-MM-DD"
            ),
            (
                "policy: p\nranks:\n  - {code: a}\n  - {code: b}\nmust_train:\n  - {certificate: c, to_rank: q}\n",
                "p.yaml:6:31: error: 'to_rank' names unknown rank 'q'; ranks are: a, b"
            ),
            (
                "policy: p\nranks:\n  - {code: a}\n  - {code: b}\nmust_train:\n  - {certificate: c, duty_types: [desk]}\n",
                "p.yaml:6:35: error: 'duty_types' value 'desk' must be frontline or support"
            ),
            (
                "policy: p\nranks:\n  - {code: a}\n  - {code: b}\nassessment_grades:\n  - {code: ok}\n"
                    + "selection_board: {years_in_post: 2, assessment_grades: [ok, great]}\n",
                "p.yaml:7:61: error: 'assessment_grades' names unknown assessment grade 'great'"
            ),
            (
                "policy: p\nranks:\n  - {code: a}\n  - {code: b}\nqualifications:\n  - {code: q, required_from_rank: z}\n",
                "p.yaml:6:35: error: 'required_from_rank' names unknown rank 'z'; ranks are: a, b"
            ),
            (
                "policy: p\nranks:\n  - {code: a}\n  - {code: b}\n"
                    + "promotion_rounds: {validity_years: 0, weights: [{part: exam, weight: 1}]}\n",
                "p.yaml:5:36: error: 'validity_years' must be 1 or more"
            ),
            (
                "policy: p\nranks:\n  - {code: a}\n",
                "p.yaml:3:3: error: a policy needs a ladder of at least two ranks under 'ranks'"
            ),
        ]
    )
    func invalid(text: String, expected: String) {
        let parsed = PolicyReader().parse(text, file: "p.yaml")
        #expect(parsed.policy == nil)
        #expect(parsed.diagnostics.errors.map(\.description).contains(expected), "\(parsed.diagnostics)")
    }

    @Test("rules retire by date: a decision as of a past day uses the rules in force then")
    func effectiveDates() throws {
        let text = """
            policy: p
            ranks:
              - code: a
                intervals:
                  - {years: 2, until: 2020-01-01}
                  - {years: 3, from: 2020-01-01}
              - {code: b}
            sanctions:
              - {code: old-warning, blocking_months: 3, until: 2020-01-01}
              - {code: warning, blocking_months: 6, from: 2020-01-01}
            """
        let policy = try #require(PolicyReader().parse(text, file: "p.yaml").policy)
        let before = policy.inForce(on: try #require(CalendarDay("2019-06-30")))
        let after = policy.inForce(on: try #require(CalendarDay("2020-01-01")))
        #expect(before.rank("a")?.intervals.map(\.years) == [2])
        #expect(after.rank("a")?.intervals.map(\.years) == [3])
        #expect(before.sanctions.map(\.code) == ["old-warning"])
        #expect(after.sanctions.map(\.code) == ["warning"])
    }

    @Test("calendar days: impossible dates refused, whole years counted to the day")
    func calendarDays() throws {
        #expect(CalendarDay("2024-02-29") != nil)
        #expect(CalendarDay("2023-02-29") == nil)
        #expect(CalendarDay("2023-13-01") == nil)
        let birth = try #require(CalendarDay("1976-03-15"))
        #expect(birth.wholeYears(until: try #require(CalendarDay("2026-03-14"))) == 49)
        #expect(birth.wholeYears(until: try #require(CalendarDay("2026-03-15"))) == 50)
        #expect(try #require(CalendarDay("2025-08-31")).addingMonths(6).description == "2026-02-28")
        // Written back zero-padded, and day numbers since 2000 (as bulk reads carry them) round-trip.
        #expect(CalendarDay(year: 987, month: 3, day: 5).description == "0987-03-05")
        #expect(CalendarDay(year: 2026, month: 11, day: 26).description == "2026-11-26")
        for text in ["1999-12-31", "2000-01-01", "2024-02-29", "2100-03-01"] {
            let day = try #require(CalendarDay(text))
            #expect(CalendarDay(daysSince2000: day.daysSince2000) == day)
        }
        #expect(try #require(CalendarDay("2000-01-02")).daysSince2000 == 1)
        #expect(try #require(CalendarDay("1999-12-31")).daysSince2000 == -1)
    }
}
