import MusterDomain
import Testing

@Suite("Tracks: who must take them and how long certificates last")
struct TrackTests {
    static func officer(born: String, duty: Officer.DutyType = .frontline, rank: String = "constable-1") -> Officer {
        Officer(
            badge: "P1", name: "x", sex: .male, birthDate: CalendarDay(born)!, unit: "U",
            hireDate: CalendarDay("2000-01-01")!, dutyType: duty, rank: rank, rankSince: CalendarDay("2010-01-01")!,
            post: "clerk", postSince: CalendarDay("2010-01-01")!, education: "")
    }

    @Test("under 50: required the day before the 50th birthday, not on it")
    func underFifty() {
        let audience = Track.Audience(underAge: 50)
        let officer = Self.officer(born: "1976-06-15")
        #expect(audience.includes(officer, on: CalendarDay("2026-06-14")!))
        #expect(!audience.includes(officer, on: CalendarDay("2026-06-15")!))
    }

    @Test("duty types and ranks narrow the audience; no condition means every officer")
    func conditions() {
        let day = CalendarDay("2026-01-01")!
        #expect(Track.Audience().includes(Self.officer(born: "1960-01-01", duty: .support), on: day))
        let frontline = Track.Audience(dutyTypes: [.frontline])
        #expect(frontline.includes(Self.officer(born: "1990-01-01"), on: day))
        #expect(!frontline.includes(Self.officer(born: "1990-01-01", duty: .support), on: day))
        let firstRank = Track.Audience(ranks: ["constable-2"])
        #expect(!firstRank.includes(Self.officer(born: "1990-01-01"), on: day))
        #expect(firstRank.includes(Self.officer(born: "1990-01-01", rank: "constable-2"), on: day))
    }

    @Test("validity: none, N years to the day before the anniversary, or the end of the year")
    func validity() {
        let issued = CalendarDay("2024-03-01")!
        #expect(CertificateRule(code: "c", validity: .unlimited).validUntil(issuedOn: issued) == nil)
        #expect(
            CertificateRule(code: "c", validity: .years(3)).validUntil(issuedOn: issued) == CalendarDay("2027-02-28"))
        #expect(
            CertificateRule(code: "c", validity: .endOfYear).validUntil(issuedOn: issued) == CalendarDay("2024-12-31"))
    }

    @Test("adding days crosses months, years and leap days both ways")
    func addingDays() {
        #expect(CalendarDay("2024-02-28")!.addingDays(1) == CalendarDay("2024-02-29"))
        #expect(CalendarDay("2024-02-29")!.addingDays(1) == CalendarDay("2024-03-01"))
        #expect(CalendarDay("2023-12-31")!.addingDays(1) == CalendarDay("2024-01-01"))
        #expect(CalendarDay("2024-01-01")!.addingDays(-1) == CalendarDay("2023-12-31"))
        #expect(CalendarDay("2000-03-01")!.addingDays(-1) == CalendarDay("2000-02-29"))
        #expect(CalendarDay("1900-03-01")!.addingDays(-1) == CalendarDay("1900-02-28"))
        #expect(CalendarDay("2026-11-25")!.addingDays(365) == CalendarDay("2027-11-25"))
        #expect(CalendarDay("2026-11-25")!.addingDays(-10_000).addingDays(10_000) == CalendarDay("2026-11-25"))
    }
}
