import MusterDomain

/// One attendance row: an officer's hours in a track module on a day.
public struct AttendanceRow: Sendable, Hashable {
    public var line: Int
    public var badge: String
    public var track: String
    public var module: String
    public var day: CalendarDay
    public var hours: Double
    /// Each column's 1-based start on the line, by name, for problems found later.
    public var columns: [String: Int]
}

/// Reads training attendance: `badge,track,module,date,hours`. Checks against the tracks and the
/// roster are the use case's.
public struct AttendanceCSVParser: Sendable {
    public init() {}

    public func parse(
        _ text: String, file: String, today: CalendarDay
    ) -> (rows: [AttendanceRow], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard
            let table = CSVTable.read(
                text, file: file, required: ["badge", "track", "module", "date", "hours"], diagnostics: &diagnostics)
        else { return ([], diagnostics) }
        var rows: [AttendanceRow] = []
        var firstLine: [String: Int] = [:]
        for line in table.rows {
            var reader = CSVRowReader(line)
            let badge = reader.badge(), track = reader.code("track"), module = reader.code("module")
            let day = reader.day("date", notAfter: today)
            let hoursText = reader.text("hours")
            // Plain decimals with at most two places, as stored: 1.2345 or 1e1 would be changed.
            let plain = hoursText.wholeMatch(of: /[0-9]{1,2}(\.[0-9]{1,2})?/) != nil
            let hours = plain ? Double(hoursText) : nil
            if hours == nil || !(hours! > 0 && hours! <= 24) {
                let hint = hoursText.contains(",") ? "; use a dot for decimals" : ""
                reader.fail(
                    "hours",
                    "hours '\(hoursText)' must be a number above 0 and at most 24, with at most two decimals\(hint)")
            }
            let key = [badge, track, module, reader.text("date")].joined(separator: "|")
            if reader.isValid, let earlier = firstLine[key] {
                reader.fail("badge", "this attendance repeats line \(earlier) (same badge, track, module and date)")
            }
            firstLine[key] = firstLine[key] ?? line.line
            if reader.isValid, let day, let hours {
                rows.append(
                    AttendanceRow(
                        line: line.line, badge: badge, track: track, module: module, day: day, hours: hours,
                        columns: line.startColumns))
            }
            diagnostics += reader.problems
        }
        return (rows, diagnostics)
    }
}
