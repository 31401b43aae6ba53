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

extension BureauCalendar {
    /// `2026-12-02 09:00`: an instant as the bureau's wall clock shows it.
    public func minuteText(of instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    /// The instant `day` begins in the bureau's time zone.
    public func start(of day: CalendarDay) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
            ?? Date(
                timeIntervalSince1970: 0)
    }

    /// Reads a moment as people and scripts write it: `2026-12-02T09:00` or `2026-12-02 09:00`
    /// (optionally with seconds) on the bureau's wall clock, or with an explicit `Z` or `+08:00`
    /// offset. Returns nil for anything else, including impossible dates and times.
    public func instant(parsing text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 16 else { return nil }
        let dateText = String(trimmed.prefix(10))
        let separator = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 10)]
        guard let day = CalendarDay(dateText), separator == "T" || separator == " " else { return nil }
        var rest = Substring(trimmed.dropFirst(11))
        var zone = timeZone
        if rest.hasSuffix("Z") {
            zone = TimeZone(secondsFromGMT: 0)!
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = rest[signIndex...]
            let digits = offset.dropFirst().split(separator: ":")
            guard digits.count == 2, let hours = Int(digits[0]), let minutes = Int(digits[1]), digits[0].count == 2,
                digits[1].count == 2, hours <= 14, minutes < 60,
                let parsed = TimeZone(secondsFromGMT: (offset.first == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
            else { return nil }
            zone = parsed
            rest = rest[..<signIndex]
        }
        let clock = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), hour < 24, minute < 60
        else { return nil }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second, second < 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(
            from: DateComponents(
                year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second))
    }
}
