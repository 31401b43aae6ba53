import Foundation

/// A calendar date with no time of day, as HR records and rules use them.
public struct CalendarDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`, rejecting impossible dates such as 2025-02-30.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, year: year)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD` (written by hand: formatting with `String(format:)` is slow on Linux and
    /// dates are written by the hundred thousand in lists and imports).
    public var description: String {
        guard (0...9999).contains(year) else {
            return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        }
        let digits = [
            year / 1000, year / 100 % 10, year / 10 % 10, year % 10, -1, month / 10, month % 10, -1, day / 10, day % 10,
        ]
        return String(decoding: digits.map { $0 < 0 ? UInt8(ascii: "-") : UInt8(48 + $0) }, as: UTF8.self)
    }

    /// The number of whole years from `self` to `later` (an age, or years in rank).
    public func wholeYears(until later: CalendarDay) -> Int {
        var years = later.year - year
        if (later.month, later.day) < (month, day) { years -= 1 }
        return years
    }

    /// This day moved by whole months, clamped to the end of shorter months.
    public func addingMonths(_ months: Int) -> CalendarDay {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        return CalendarDay(year: newYear, month: newMonth, day: min(day, Self.days(inMonth: newMonth, year: newYear)))
    }

    /// This day moved by whole days (negative moves back).
    public func addingDays(_ days: Int) -> CalendarDay { Self(serial: serial + days) }

    /// The number of days from `self` to `later` (negative when `later` is earlier).
    public func daysUntil(_ later: CalendarDay) -> Int { later.serial - serial }

    /// Days since 2000-01-01 (negative before it): what SQL gives for `day - DATE '2000-01-01'`,
    /// so that bulk reads carry dates as integers.
    public var daysSince2000: Int { serial - Self.serialOf2000 }

    /// The day `days` after 2000-01-01.
    public init(daysSince2000 days: Int) { self.init(serial: Self.serialOf2000 + days) }

    static let serialOf2000 = CalendarDay(year: 2000, month: 1, day: 1).serial

    /// Days since 0000-03-01 in the proleptic Gregorian calendar.
    var serial: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let shiftedMonth = (month + 9) % 12
        let era = shiftedYear >= 0 ? shiftedYear / 400 : (shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra
    }

    /// The day `serial` days after 0000-03-01.
    init(serial: Int) {
        let era = serial >= 0 ? serial / 146_097 : (serial - 146_096) / 146_097
        let dayOfEra = serial - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// When a rule applies: from a day (inclusive) until a day (exclusive); open ends are unbounded.
public struct EffectivePeriod: Sendable, Hashable, Codable {
    public var from: CalendarDay?
    public var until: CalendarDay?

    public init(from: CalendarDay? = nil, until: CalendarDay? = nil) {
        self.from = from
        self.until = until
    }

    /// Whether the rule is in force on `day`.
    public func contains(_ day: CalendarDay) -> Bool {
        (from.map { $0 <= day } ?? true) && (until.map { day < $0 } ?? true)
    }

    public static let always = EffectivePeriod()
}
