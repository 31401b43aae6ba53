import MusterDomain

/// One roster row with the line it came from and where each column starts on it.
public struct RosterRow: Sendable, Hashable {
    public var officer: Officer
    public var line: Int
    /// Each column's 1-based start on the line, by name, for problems found later.
    public var columns: [String: Int]
}

/// What the roster parser made of a file.
public struct ParsedRoster: Sendable {
    public var rows: [RosterRow]
    public var diagnostics: [Diagnostic]
}

/// Reads the officer roster CSV.
///
/// Header (any order): `badge,name,sex,birth_date,unit,hire_date,duty_type,rank,rank_since,post,
/// post_since[,education]`. Dates are `YYYY-MM-DD`; sex is `male`/`female` (or 男/女); duty type
/// `frontline`/`support`. Checks that need the database (units, ranks, posts) are made by the
/// import use case, which reports them at the row's line.
public struct RosterCSVParser: Sendable {
    public init() {}

    static let required = [
        "badge", "name", "sex", "birth_date", "unit", "hire_date", "duty_type", "rank", "rank_since", "post",
        "post_since",
    ]
    static let optional = ["education"]

    /// Parses `text`; dates after `today` (birth, hire, rank and post dates) are errors.
    public func parse(_ text: String, file: String, today: CalendarDay) -> ParsedRoster {
        var diagnostics: [Diagnostic] = []
        guard
            let table = CSVTable.read(
                text, file: file, required: Self.required, optional: Self.optional, diagnostics: &diagnostics)
        else { return ParsedRoster(rows: [], diagnostics: diagnostics) }
        var rows: [RosterRow] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            var reader = CSVRowReader(row)
            if let officer = Self.officer(&reader, today: today) {
                if let earlier = firstLine[officer.badge] {
                    reader.fail("badge", "badge \(officer.badge) appears twice in the file (first on line \(earlier))")
                } else {
                    firstLine[officer.badge] = row.line
                }
                if reader.isValid {
                    rows.append(RosterRow(officer: officer, line: row.line, columns: row.startColumns))
                }
            }
            diagnostics += reader.problems
        }
        return ParsedRoster(rows: rows, diagnostics: diagnostics)
    }

    /// Reads one row's officer, or nil with the row's problems recorded.
    static func officer(_ row: inout CSVRowReader, today: CalendarDay) -> Officer? {
        let badge = row.badge()
        let name = row.text("name")
        if name.isEmpty || name.count > 100 { row.fail("name", "name must have 1 to 100 characters") }
        let sex: Sex? =
            switch row.text("sex").lowercased() {
            case "male", "m", "男": .male
            case "female", "f", "女": .female
            default: nil
            }
        if sex == nil { row.fail("sex", "sex '\(row.text("sex"))' must be male or female") }
        let duty = Officer.DutyType(rawValue: row.text("duty_type").lowercased())
        if duty == nil {
            row.fail("duty_type", "duty_type '\(row.text("duty_type"))' must be frontline or support")
        }
        let unit = row.code("unit"), rank = row.code("rank"), post = row.code("post")
        let birth = row.day("birth_date", notAfter: today), hire = row.day("hire_date", notAfter: today)
        let rankSince = row.day("rank_since", notAfter: today), postSince = row.day("post_since", notAfter: today)
        if let birth, let hire, hire <= birth.addingMonths(16 * 12) {
            row.fail("hire_date", "hire_date \(hire) is before the officer's 16th birthday")
        }
        if let hire, let rankSince, rankSince < hire {
            row.fail("rank_since", "rank_since \(rankSince) is before hire_date \(hire)")
        }
        guard let sex, let duty, let birth, let hire, let rankSince, let postSince, row.isValid else { return nil }
        return Officer(
            badge: badge,
            name: name,
            sex: sex,
            birthDate: birth,
            unit: unit,
            hireDate: hire,
            dutyType: duty,
            rank: rank,
            rankSince: rankSince,
            post: post,
            postSince: postSince,
            education: String(row.text("education").prefix(100))
        )
    }
}
