import MusterDomain

/// One roster row with the line it came from.
public struct RosterRow: Sendable, Hashable {
    public var officer: Officer
    public var line: Int
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
        var bank = ParsedBank()
        let records = CSVReader.records(text, file: file, into: &bank)
        var rows: [RosterRow] = []
        guard let header = records.first else {
            if bank.diagnostics.isEmpty {
                bank.error("the file is empty; expected a header row", at: .init(file: file, line: 1, column: 1))
            }
            return ParsedRoster(rows: [], diagnostics: bank.diagnostics)
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = Self.required.filter { columns[$0] == nil }
        let unknown = names.filter { !Self.required.contains($0) && !Self.optional.contains($0) }
        guard missing.isEmpty, unknown.isEmpty else {
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { problems.append("unknown \(unknown.joined(separator: ", "))") }
            bank.error(
                "wrong header (\(problems.joined(separator: "; "))); expected \((Self.required + Self.optional).joined(separator: ","))",
                at: SourcePosition(file: file, line: header.line, column: 1)
            )
            return ParsedRoster(rows: [], diagnostics: bank.diagnostics)
        }
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            var row = RowReader(record: record, columns: columns, file: file, today: today)
            if let officer = row.officer() {
                if let earlier = firstLine[officer.badge] {
                    row.problems.append(
                        ("badge", "badge \(officer.badge) appears twice in the file (first on line \(earlier))"))
                } else {
                    firstLine[officer.badge] = record.line
                }
                if row.problems.isEmpty { rows.append(RosterRow(officer: officer, line: record.line)) }
            }
            for (column, message) in row.problems {
                bank.error(
                    message, at: SourcePosition(file: file, line: record.line, column: (columns[column] ?? 0) + 1))
            }
        }
        return ParsedRoster(rows: rows, diagnostics: bank.diagnostics)
    }

    /// Reads one record's fields, collecting every problem with its column.
    struct RowReader {
        let record: CSVReader.Record
        let columns: [String: Int]
        let file: String
        let today: CalendarDay
        var problems: [(column: String, message: String)] = []

        func value(_ name: String) -> String {
            guard let index = columns[name], index < record.fields.count else { return "" }
            return record.fields[index].trimmingCharacters(in: .whitespaces)
        }

        mutating func day(_ name: String) -> CalendarDay? {
            let text = value(name)
            guard let day = CalendarDay(text) else {
                problems.append((name, "\(name) '\(text)' is not a date written YYYY-MM-DD"))
                return nil
            }
            if day > today { problems.append((name, "\(name) \(day) is in the future")) }
            return day
        }

        mutating func officer() -> Officer? {
            let badge = value("badge")
            if !Officer.isValidBadge(badge) {
                problems.append(("badge", "badge '\(badge)' must be 1-32 letters, digits or dashes"))
            }
            let name = value("name")
            if name.isEmpty || name.count > 100 { problems.append(("name", "name must have 1 to 100 characters")) }
            let sex: Sex? =
                switch value("sex").lowercased() {
                case "male", "m", "男": .male
                case "female", "f", "女": .female
                default: nil
                }
            if sex == nil { problems.append(("sex", "sex '\(value("sex"))' must be male or female")) }
            let duty = Officer.DutyType(rawValue: value("duty_type").lowercased())
            if duty == nil {
                problems.append(("duty_type", "duty_type '\(value("duty_type"))' must be frontline or support"))
            }
            for code in ["unit", "rank", "post"] where value(code).isEmpty || value(code).count > 64 {
                problems.append((code, "\(code) must be a code of 1 to 64 characters"))
            }
            let birth = day("birth_date"), hire = day("hire_date"), rankSince = day("rank_since"),
                postSince = day("post_since")
            if let birth, let hire, hire <= birth.addingMonths(16 * 12) {
                problems.append(("hire_date", "hire_date \(hire) is before the officer's 16th birthday"))
            }
            if let hire, let rankSince, rankSince < hire {
                problems.append(("rank_since", "rank_since \(rankSince) is before hire_date \(hire)"))
            }
            guard let sex, let duty, let birth, let hire, let rankSince, let postSince, problems.isEmpty else {
                return nil
            }
            return Officer(
                badge: badge,
                name: name,
                sex: sex,
                birthDate: birth,
                unit: value("unit"),
                hireDate: hire,
                dutyType: duty,
                rank: value("rank"),
                rankSince: rankSince,
                post: value("post"),
                postSince: postSince,
                education: String(value("education").prefix(100))
            )
        }
    }
}
