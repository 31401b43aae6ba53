import MusterDomain
import Testing

@Suite("Compliance on boundary dates")
struct ComplianceTests {
    static let asOf = CalendarDay("2026-06-15")!

    static func officer(
        _ badge: String, born: String, unit: String = "U1", duty: Officer.DutyType = .frontline
    ) -> Officer {
        Officer(
            badge: badge, name: badge, sex: .female, birthDate: CalendarDay(born)!, unit: unit,
            hireDate: CalendarDay("2000-01-01")!, dutyType: duty, rank: "constable-1",
            rankSince: CalendarDay("2010-01-01")!, post: "clerk", postSince: CalendarDay("2010-01-01")!, education: "")
    }

    static func held(
        _ badge: String, _ code: String, issued: String, until: String?, revoked: String? = nil
    )
        -> HeldCertificate
    {
        HeldCertificate(
            badge: badge, code: code, issued: CalendarDay(issued)!, validUntil: until.flatMap(CalendarDay.init),
            revokedOn: revoked.flatMap(CalendarDay.init))
    }

    static let literacy = Track(
        code: "computer-literacy", name: LocalizedText("CL"),
        modules: [.init(code: "m", name: LocalizedText("m"), hours: 1)],
        requiredFor: .init(underAge: 50), exams: [], certificate: CertificateRule(code: "cl", validity: .years(3)))

    @Test("a certificate expiring on the date still counts, and counts as expiring; the next day it is missing")
    func expiringOnTheDate() {
        let officers = [Self.officer("A", born: "1990-01-01")]
        let held = [Self.held("A", "cl", issued: "2023-06-16", until: "2026-06-15")]
        let onTheDay = ComplianceReport(
            officers: officers, tracks: [Self.literacy], certificates: held, asOf: Self.asOf, expiringWithinDays: 0)
        #expect(onTheDay.tracks[0].officers.map(\.status) == [.expiring])
        let dayAfter = ComplianceReport(
            officers: officers, tracks: [Self.literacy], certificates: held, asOf: Self.asOf.addingDays(1),
            expiringWithinDays: 30)
        #expect(dayAfter.tracks[0].officers.map(\.status) == [.missing])
    }

    @Test("turning 50 on the date ends the requirement; the day before, it still holds")
    func turningFifty() {
        let officer = Self.officer("B", born: "1976-06-15")
        let on = ComplianceReport(
            officers: [officer], tracks: [Self.literacy], certificates: [], asOf: Self.asOf, expiringWithinDays: 30)
        #expect(on.tracks[0].totals.required == 0)
        let before = ComplianceReport(
            officers: [officer], tracks: [Self.literacy], certificates: [], asOf: Self.asOf.addingDays(-1),
            expiringWithinDays: 30)
        #expect(before.tracks[0].officers.map(\.status) == [.missing])
    }

    @Test("revoked, not yet issued and other certificates do not count; the longest valid one decides")
    func whichCertificateCounts() {
        let officers = ["C", "D", "E", "F"].map { Self.officer($0, born: "1990-01-01", unit: $0 == "F" ? "U2" : "U1") }
        let held = [
            Self.held("C", "cl", issued: "2025-01-01", until: "2028-01-01", revoked: "2026-06-15"),
            Self.held("D", "cl", issued: "2026-06-16", until: "2029-06-15"),
            Self.held("E", "other", issued: "2025-01-01", until: nil),
            Self.held("F", "cl", issued: "2024-01-01", until: "2026-07-01"),
            Self.held("F", "cl", issued: "2026-01-01", until: nil),
        ]
        let report = ComplianceReport(
            officers: officers, tracks: [Self.literacy], certificates: held, asOf: Self.asOf, expiringWithinDays: 30)
        let statuses = Dictionary(uniqueKeysWithValues: report.tracks[0].officers.map { ($0.badge, $0.status) })
        #expect(statuses == ["C": .missing, "D": .missing, "E": .missing, "F": .holding])
        let reasons = Dictionary(uniqueKeysWithValues: report.tracks[0].officers.map { ($0.badge, $0.reason) })
        #expect(reasons == ["C": .revoked, "D": .notYetIssued, "E": .neverHeld, "F": nil])
        #expect(report.tracks[0].officers.map(\.badge) == ["C", "D", "E", "F"])
        var unit1 = ComplianceReport.Counts(unit: "U1")
        unit1.required = 3
        unit1.missing = 3
        var unit2 = ComplianceReport.Counts(unit: "U2")
        unit2.required = 1
        unit2.holding = 1
        #expect(report.tracks[0].byUnit == [unit1, unit2])
        #expect(report.tracks[0].totals.required == 4)
    }

    @Test("officers hired after the date and promotion-only tracks are never required")
    func notRequired() {
        let newcomer = Officer(
            badge: "N", name: "N", sex: .male, birthDate: CalendarDay("1999-01-01")!, unit: "U1",
            hireDate: CalendarDay("2026-07-01")!, dutyType: .frontline, rank: "constable-2",
            rankSince: CalendarDay("2026-07-01")!, post: "clerk", postSince: CalendarDay("2026-07-01")!, education: "")
        let report = ComplianceReport(
            officers: [newcomer], tracks: [Self.literacy], certificates: [], asOf: Self.asOf, expiringWithinDays: 30)
        #expect(report.tracks[0].totals.required == 0)
        var promotion = Self.literacy
        promotion.requiredFor = Track.Audience(promotionOnly: true)
        let later = ComplianceReport(
            officers: [newcomer], tracks: [promotion], certificates: [], asOf: CalendarDay("2027-01-01")!,
            expiringWithinDays: 30)
        #expect(later.tracks[0].totals.required == 0)
    }
}
