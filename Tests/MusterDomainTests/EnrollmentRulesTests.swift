import Foundation
import MusterDomain
import Testing

@Suite("Enrollment rules")
struct EnrollmentRulesTests {
    static let calendar = BureauCalendar.standard
    static let now = calendar.instant(parsing: "2026-11-25T10:00")!

    static func at(_ text: String) -> Date { calendar.instant(parsing: text)! }

    static func officer(
        _ badge: String = "P1", duty: Officer.DutyType = .frontline, rank: String = "constable-1",
        born: String = "1990-01-01"
    ) -> Officer {
        Officer(
            badge: badge, name: badge, sex: .male, birthDate: CalendarDay(born)!, unit: "U1",
            hireDate: CalendarDay("2010-01-01")!, dutyType: duty, rank: rank, rankSince: CalendarDay("2020-01-01")!,
            post: "clerk", postSince: CalendarDay("2020-01-01")!, education: "")
    }

    static let track = Track(
        code: "practical-skills", name: LocalizedText("PS"),
        modules: [
            .init(code: "shooting", name: LocalizedText("s"), hours: 8),
            .init(code: "fitness", name: LocalizedText("f"), hours: 4.5),
        ],
        requiredFor: .init(underAge: 50, dutyTypes: [.frontline]), exams: [.init(code: "ps-theory", kind: .written)],
        certificate: CertificateRule(code: "practical-skills", validity: .endOfYear))

    static let exam = ExamDefinition(
        code: "ps-theory", title: LocalizedText("PS theory"), track: "practical-skills", bank: "b", bankVersion: 1,
        sections: [.init(name: "all", count: 1, points: 1)], timeLimitMinutes: 45, passPercent: 60, bands: [],
        attemptsAllowed: 2, cooldownDays: 14, shuffleItems: false, shuffleOptions: false, review: .score)

    static func sitting(
        _ code: String = "S20261202-01", start: String = "2026-12-02T09:00", end: String = "2026-12-02T10:00",
        status: Sitting.Status = .scheduled
    ) -> Sitting {
        Sitting(
            code: code, exam: "ps-theory", examVersion: 1, unit: "U1", venue: "Room 1", capacity: 10,
            startsAt: at(start), endsAt: at(end), accessCode: "123456", proctor: nil, status: status)
    }

    static func rules(_ sitting: Sitting = sitting(), exam: ExamDefinition = exam) -> EnrollmentRules {
        EnrollmentRules(sitting: sitting, exam: exam, calendar: calendar, now: now)
    }

    static let fullHours = ["shooting": 8.0, "fitness": 4.5]

    static func reasons(
        _ officer: Officer = officer(), hours: [String: Double] = fullHours, commitments: [Commitment] = [],
        accommodation: Int = 0, rules: EnrollmentRules = rules()
    ) -> [EnrollmentRefusal] {
        rules.problems(
            for: officer, track: track, hours: hours, commitments: commitments, accommodationMinutes: accommodation
        ).map(\.reason)
    }

    static func commitment(_ code: String, exam: String = "ps-theory", start: String, end: String) -> Commitment {
        Commitment(sitting: code, exam: exam, startsAt: at(start), endsAt: at(end))
    }

    @Test("a candidate who meets every rule is admitted; age past the limit exempts but does not bar")
    func admitted() {
        #expect(Self.reasons().isEmpty)
        #expect(Self.reasons(Self.officer(born: "1960-01-01")).isEmpty)
    }

    @Test("duty type and rank bar a candidate, each in a sentence; promotion-only tracks are open to all")
    func audience() {
        let problems = Self.rules().problems(
            for: Self.officer(duty: .support), track: Self.track, hours: Self.fullHours, commitments: [],
            accommodationMinutes: 0)
        #expect(problems.map(\.reason) == [.notInAudience])
        #expect(
            problems[0].line == "P1: not_in_audience: track practical-skills is for frontline officers; P1 is support")
        var initial = Self.track
        initial.requiredFor = .init(ranks: ["probationer"])
        #expect(
            initial.requiredFor.bar(for: Self.officer()) == "for the rank(s) probationer; P1 holds constable-1")
        initial.requiredFor = .init(ranks: ["probationer"], promotionOnly: true)
        #expect(initial.requiredFor.bar(for: Self.officer()) == nil)
    }

    @Test("every module short of its hours is named, with what was attended")
    func modules() {
        let problems = Self.rules().problems(
            for: Self.officer(), track: Self.track, hours: ["shooting": 7.5], commitments: [], accommodationMinutes: 0)
        #expect(problems.map(\.reason) == [.modulesIncomplete])
        #expect(
            problems[0].message
                == "P1 has attended 7.5 of 8 hours of module shooting, 0 of 4.5 hours of module fitness")
    }

    @Test("places held in sittings of the exam take its attempts")
    func attempts() {
        let two = [
            Self.commitment("S20261001-01", start: "2026-10-01T09:00", end: "2026-10-01T10:00"),
            Self.commitment("S20261101-01", start: "2026-11-01T09:00", end: "2026-11-01T10:00"),
        ]
        #expect(Self.reasons(commitments: two) == [.noAttemptsLeft])
        #expect(Self.reasons(commitments: Array(two.prefix(1))).isEmpty)
        let otherExam = [
            Self.commitment("S20261001-02", exam: "cl", start: "2026-10-01T09:00", end: "2026-10-01T10:00")
        ]
        #expect(Self.reasons(commitments: Array(two.suffix(1)) + otherExam).isEmpty)
    }

    @Test("sittings of one exam keep the cooldown in either order; the boundary day is allowed")
    func cooldown() {
        let before = Self.commitment("S20261119-01", start: "2026-11-19T09:00", end: "2026-11-19T10:00")
        #expect(Self.reasons(commitments: [before]) == [.cooldown])
        let exactly = Self.commitment("S20261118-01", start: "2026-11-18T09:00", end: "2026-11-18T10:00")
        #expect(Self.reasons(commitments: [exactly]).isEmpty)
        let after = Self.commitment("S20261215-01", start: "2026-12-15T09:00", end: "2026-12-15T10:00")
        #expect(Self.reasons(commitments: [after]) == [.cooldown])
        let later = Self.commitment("S20261216-01", start: "2026-12-16T09:00", end: "2026-12-16T10:00")
        #expect(Self.reasons(commitments: [later]).isEmpty)
    }

    @Test("another sitting at the same time clashes; one that ends as this one starts does not")
    func overlap() {
        let clash = Self.commitment("S20261202-02", exam: "cl", start: "2026-12-02T09:30", end: "2026-12-02T11:00")
        let problems = Self.rules().problems(
            for: Self.officer(), track: Self.track, hours: Self.fullHours, commitments: [clash],
            accommodationMinutes: 0)
        #expect(problems.map(\.reason) == [.overlappingSitting])
        #expect(
            problems[0].message
                == "P1 is enrolled in S20261202-02 (cl, 2026-12-02 09:30–2026-12-02 11:00) at the same time")
        let touching = Self.commitment("S20261202-03", exam: "cl", start: "2026-12-02T08:00", end: "2026-12-02T09:00")
        #expect(Self.reasons(commitments: [touching]).isEmpty)
    }

    @Test("the accommodation must fit the window with the time limit")
    func accommodation() {
        #expect(Self.reasons(accommodation: 15).isEmpty)
        #expect(Self.reasons(accommodation: 16) == [.accommodationTooLong])
    }

    @Test("a cancelled or started sitting takes nobody")
    func closed() {
        #expect(Self.rules().closedReason == nil)
        #expect(Self.rules(Self.sitting(status: .cancelled)).closedReason == "sitting S20261202-01 was cancelled")
        let started = Self.sitting(start: "2026-11-25T10:00", end: "2026-11-25T11:00")
        #expect(
            Self.rules(started).closedReason
                == "sitting S20261202-01 started at 2026-11-25 10:00; enrollment closes at the start")
    }

    @Test("times are read on the bureau's clock or with an explicit offset; nonsense is refused")
    func readingTimes() {
        let calendar = Self.calendar
        #expect(calendar.instant(parsing: "2026-12-02T09:00") == Date(timeIntervalSince1970: 1_796_173_200))
        #expect(calendar.instant(parsing: "2026-12-02 09:00:00") == calendar.instant(parsing: "2026-12-02T01:00Z"))
        #expect(calendar.instant(parsing: "2026-12-02T09:00+08:00") == calendar.instant(parsing: "2026-12-02T09:00"))
        #expect(calendar.instant(parsing: "2026-12-01T20:00-05:00") == calendar.instant(parsing: "2026-12-02T09:00"))
        for bad in [
            "2026-12-02", "2026-02-30T09:00", "2026-12-02T24:00", "2026-12-02T9:00", "soon", "2026-12-02T09:00+8",
        ] {
            #expect(calendar.instant(parsing: bad) == nil, "\(bad)")
        }
        #expect(calendar.minuteText(of: calendar.instant(parsing: "2026-12-02T01:00Z")!) == "2026-12-02 09:00")
        #expect(calendar.start(of: CalendarDay("2026-12-02")!) == calendar.instant(parsing: "2026-12-02T00:00"))
    }

    @Test("days between calendar days count across months, leap days and years")
    func daysBetween() {
        let start = CalendarDay("2024-02-27")!
        #expect(start.daysUntil(CalendarDay("2024-03-01")!) == 3)
        #expect(start.daysUntil(CalendarDay("2025-02-27")!) == 366)
        #expect(CalendarDay("2026-01-01")!.daysUntil(CalendarDay("2025-12-31")!) == -1)
        for offset in [-800, -1, 0, 1, 59, 365, 1461] {
            #expect(start.daysUntil(start.addingDays(offset)) == offset)
        }
    }

    @Test("judging a request: places held as asked take no seat, new places beyond the seats are refused, in order")
    func judgingRequests() {
        var sitting = Self.sitting()
        sitting.capacity = 3
        sitting.enrolled = 2
        let officers = Dictionary(uniqueKeysWithValues: ["A", "B", "C", "D"].map { ($0, Self.officer($0)) })
        let hours = Dictionary(uniqueKeysWithValues: officers.keys.map { ($0, Self.fullHours) })
        let judgement = Self.rules(sitting).judge(
            [("A", 0), ("B", 0), ("X", 0), ("C", 0), ("B", 0), ("D", 5)], officers: officers, track: Self.track,
            hours: hours, commitments: [:], held: ["A": 0, "D": 0])
        #expect(judgement.unchanged == ["A"])
        #expect(judgement.admitted == [1, 3, 5])
        #expect(judgement.newPlaces == 2)
        #expect(
            judgement.refusals.map { "\($0.index):\($0.problem.reason.rawValue)" } == [
                "2:officer_not_found", "3:sitting_full", "4:listed_twice",
            ])
        #expect(judgement.refusals[1].problem.message == "sitting S20261202-01 has 1 seats left for 2 new candidates")
    }
}
