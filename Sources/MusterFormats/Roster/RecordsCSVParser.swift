import MusterDomain

/// The kinds of HR record files `muster records import KIND FILE` takes.
public enum RecordKind: String, Sendable, CaseIterable, Codable {
    case assessments, sanctions, merits, qualifications
    case rankChanges = "rank-changes"
    case postChanges = "post-changes"
    case qualityAssessments = "quality-assessments"
    case satisfaction
    case certificates
    case collegeTraining = "college-training"

    /// The columns a file of this kind has: required first, then optional.
    public var columns: (required: [String], optional: [String]) {
        switch self {
        case .assessments: (["badge", "year", "grade"], [])
        case .sanctions: (["badge", "kind", "start"], ["end", "revoked"])
        case .merits: (["badge", "kind", "date"], [])
        case .qualifications: (["badge", "level", "date"], ["valid_until"])
        case .rankChanges: (["badge", "rank", "since"], [])
        case .postChanges: (["badge", "post", "since"], [])
        case .qualityAssessments: (["badge", "year", "grade"], [])
        case .satisfaction: (["badge", "quarter", "score"], [])
        case .certificates: (["badge", "certificate", "issued"], ["valid_until", "revoked_on"])
        case .collegeTraining: (["badge", "rank", "completed"], [])
        }
    }

    /// The column holding the code the policy must know (grade, kind, level, rank, post) or, for
    /// satisfaction, the quarter.
    public var codeColumn: String {
        switch self {
        case .assessments, .qualityAssessments: "grade"
        case .sanctions, .merits: "kind"
        case .qualifications: "level"
        case .rankChanges: "rank"
        case .postChanges: "post"
        case .satisfaction: "quarter"
        case .certificates: "certificate"
        case .collegeTraining: "rank"
        }
    }

    /// The columns that make a row's natural key (with the badge).
    var keyColumns: [String] {
        switch self {
        case .assessments: ["badge", "year"]
        case .sanctions: ["badge", "kind", "start"]
        case .merits: ["badge", "kind", "date"]
        case .qualifications: ["badge", "level", "date"]
        case .rankChanges: ["badge", "since"]
        case .postChanges: ["badge", "since"]
        case .qualityAssessments: ["badge", "year"]
        case .satisfaction: ["badge", "quarter"]
        case .certificates: ["badge", "certificate", "issued"]
        case .collegeTraining: ["badge", "rank", "completed"]
        }
    }
}

/// One checked record row: its values by column and its line.
public struct RecordRow: Sendable, Hashable {
    public var line: Int
    public var badge: String
    /// The code the row names: grade, sanction kind, merit kind, level, rank or post.
    public var code: String
    /// The row's main day (start, award, pass, since); nil for assessments.
    public var day: CalendarDay?
    /// The assessment year.
    public var year: Int?
    /// A sanction's end or a qualification's expiry, when given.
    public var endDay: CalendarDay?
    public var revoked: Bool
    /// A satisfaction score from 0 to 100.
    public var score: Double?
    /// The day a certificate was revoked, when it was.
    public var revokedOn: CalendarDay?
    /// Each column's 1-based start on the line, by name, for problems found later.
    public var columns: [String: Int] = [:]
}

/// Reads HR record CSV files of every ``RecordKind``, checking each field and reporting problems
/// at their line and column. Checks against the database and the policy are the use case's.
public struct RecordsCSVParser: Sendable {
    public let kind: RecordKind

    public init(kind: RecordKind) {
        self.kind = kind
    }

    /// Parses `text`; dates after `today` (other than ends and expiries) are errors.
    public func parse(
        _ text: String, file: String, today: CalendarDay
    ) -> (rows: [RecordRow], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let (required, optional) = kind.columns
        guard
            let table = CSVTable.read(
                text, file: file, required: required, optional: optional, diagnostics: &diagnostics)
        else { return ([], diagnostics) }
        var rows: [RecordRow] = []
        var keys: [String: Int] = [:]
        for line in table.rows {
            var reader = CSVRowReader(line)
            var row = read(&reader, today: today)
            row.columns = line.startColumns
            let key = kind.keyColumns.map(reader.text).joined(separator: "|")
            if reader.isValid, let earlier = keys[key] {
                reader.fail(
                    "badge", "this record repeats line \(earlier) (same \(kind.keyColumns.joined(separator: ", ")))")
            }
            keys[key] = keys[key] ?? line.line
            if reader.isValid { rows.append(row) }
            diagnostics += reader.problems
        }
        return (rows, diagnostics)
    }

    /// Reads one row of this kind, recording its problems in `reader`.
    func read(_ reader: inout CSVRowReader, today: CalendarDay) -> RecordRow {
        let badge = reader.badge()
        let code = kind == .satisfaction ? reader.text(kind.codeColumn) : reader.code(kind.codeColumn)
        var row = RecordRow(line: reader.row.line, badge: badge, code: code, revoked: false)
        switch kind {
        case .assessments, .qualityAssessments:
            let text = reader.text("year")
            if let year = Int(text), (1950...today.year).contains(year) {
                row.year = year
            } else {
                reader.fail("year", "year '\(text)' must be a year from 1950 to \(today.year)")
            }
        case .sanctions:
            row.day = reader.day("start", notAfter: today)
            row.endDay = reader.day("end", optional: true)
            if let start = row.day, let end = row.endDay, end < start {
                reader.fail("end", "the sanction ends (\(end)) before it starts (\(start))")
            }
            let revoked = reader.text("revoked").lowercased()
            if ["", "true", "false", "yes", "no"].contains(revoked) {
                row.revoked = revoked == "true" || revoked == "yes"
            } else {
                reader.fail("revoked", "revoked '\(revoked)' must be true or false")
            }
        case .merits:
            row.day = reader.day("date", notAfter: today)
        case .qualifications:
            row.day = reader.day("date", notAfter: today)
            row.endDay = reader.day("valid_until", optional: true)
            if let passed = row.day, let until = row.endDay, until <= passed {
                reader.fail("valid_until", "valid_until \(until) is not after the pass date \(passed)")
            }
        case .rankChanges, .postChanges:
            row.day = reader.day("since", notAfter: today)
        case .certificates:
            row.day = reader.day("issued", notAfter: today)
            row.endDay = reader.day("valid_until", optional: true)
            row.revokedOn = reader.day("revoked_on", optional: true, notAfter: today)
            if let issued = row.day, let until = row.endDay, until < issued {
                reader.fail("valid_until", "valid_until \(until) is before the issue date \(issued)")
            }
            if let issued = row.day, let revoked = row.revokedOn, revoked < issued {
                reader.fail("revoked_on", "revoked_on \(revoked) is before the issue date \(issued)")
            }
        case .collegeTraining:
            row.day = reader.day("completed", notAfter: today)
        case .satisfaction:
            let quarter = reader.text("quarter")
            let parts = quarter.uppercased().split(separator: "Q")
            if parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...4).contains(number),
                (1950...today.year).contains(year)
            {
                row.code = "\(year)Q\(number)"
            } else {
                reader.fail("quarter", "quarter '\(quarter)' must be written like 2024Q3")
            }
            let scoreText = reader.text("score")
            if let score = Double(scoreText), (0...100).contains(score) {
                row.score = score
            } else {
                let hint = scoreText.contains(",") ? "; use a dot for decimals" : ""
                reader.fail("score", "score '\(scoreText)' must be a number from 0 to 100\(hint)")
            }
        }
        return row
    }
}
