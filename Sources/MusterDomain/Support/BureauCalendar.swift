import Foundation

/// The bureau's calendar: which calendar day an instant falls on where the bureau works.
///
/// Date-based rules (ages, time in rank, certificate validity, "today" in an import) read their
/// day from this calendar, configured once (`MUSTER_TIME_ZONE`), never from a constant in code.
public struct BureauCalendar: Sendable, Hashable {
    /// The bureau's time zone.
    public let timeZone: TimeZone

    /// The default bureau time zone, Asia/Shanghai.
    public static let defaultTimeZoneIdentifier = "Asia/Shanghai"

    /// A calendar in `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// A calendar in the time zone named by an IANA identifier such as `Asia/Shanghai`.
    ///
    /// - Throws: ``MusterError`` `invalid_time_zone` for a name the system does not know.
    public init(timeZoneIdentifier identifier: String) throws {
        guard let zone = TimeZone(identifier: identifier) else {
            throw MusterError(
                .misconfigured,
                code: "invalid_time_zone",
                "'\(identifier)' is not a time zone; set MUSTER_TIME_ZONE to a name such as Asia/Shanghai."
            )
        }
        self.init(timeZone: zone)
    }

    /// The bureau's default calendar (Asia/Shanghai).
    public static let standard = BureauCalendar(timeZone: TimeZone(identifier: defaultTimeZoneIdentifier)!)

    /// The calendar day `instant` falls on in the bureau's time zone.
    public func day(of instant: Date) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CalendarDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
