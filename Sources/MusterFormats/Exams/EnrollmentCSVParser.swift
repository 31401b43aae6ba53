import MusterDomain

/// One candidate row of an enrollment file.
public struct EnrollmentRow: Sendable, Hashable {
    public var line: Int
    public var badge: String
    /// Extra minutes beyond the exam's time limit (0 when the column is absent or empty).
    public var accommodationMinutes: Int
    /// Each column's 1-based start on the line, by name, for problems found later.
    public var columns: [String: Int]

    public init(line: Int, badge: String, accommodationMinutes: Int, columns: [String: Int]) {
        self.line = line
        self.badge = badge
        self.accommodationMinutes = accommodationMinutes
        self.columns = columns
    }
}

/// Reads an enrollment file: `badge[,accommodation_minutes]`. The enrollment rules are the use
/// case's; a badge listed twice is refused here, at its second line.
public struct EnrollmentCSVParser: Sendable {
    /// The most extra minutes one candidate may be given.
    public static let maximumAccommodation = 600

    public init() {}

    public func parse(_ text: String, file: String) -> (rows: [EnrollmentRow], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard
            let table = CSVTable.read(
                text, file: file, required: ["badge"], optional: ["accommodation_minutes"], diagnostics: &diagnostics)
        else { return ([], diagnostics) }
        var rows: [EnrollmentRow] = []
        var firstLine: [String: Int] = [:]
        for line in table.rows {
            var reader = CSVRowReader(line)
            let badge = reader.badge()
            let minutesText = reader.text("accommodation_minutes")
            let minutes = minutesText.isEmpty ? 0 : Int(minutesText)
            if minutes == nil || !(0...Self.maximumAccommodation).contains(minutes!) {
                reader.fail(
                    "accommodation_minutes",
                    "accommodation_minutes '\(minutesText)' must be a whole number of minutes from 0 to \(Self.maximumAccommodation)"
                )
            }
            if reader.isValid, let earlier = firstLine[badge] {
                reader.fail("badge", "badge \(badge) is listed twice (first on line \(earlier))")
            }
            firstLine[badge] = firstLine[badge] ?? line.line
            if reader.isValid, let minutes {
                rows.append(
                    EnrollmentRow(
                        line: line.line, badge: badge, accommodationMinutes: minutes, columns: line.startColumns))
            }
            diagnostics += reader.problems
        }
        return (rows, diagnostics)
    }
}
