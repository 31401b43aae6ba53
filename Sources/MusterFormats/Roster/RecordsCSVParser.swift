import MusterDomain

/// The kinds of HR record files `muster records import KIND FILE` takes.
public enum RecordKind: String, Sendable, CaseIterable, Codable {
    case assessments, sanctions, merits, qualifications
    case rankChanges = "rank-changes"
    case postChanges = "post-changes"
    case qualityAssessments = "quality-assessments"
    case satisfaction

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
}

/// Reads HR record CSV files of every ``RecordKind``, checking each field and reporting problems
/// at their line and column. Checks against the database and the policy are the use case's.
public struct RecordsCSVParser: Sendable {
    public let kind: RecordKind

    public init(kind: RecordKind) {
        self.kind = kind
    }

    public func parse(
        _ text: String, file: String, today: CalendarDay
    ) -> (rows: [RecordRow], diagnostics: [Diagnostic]) {
        var bank = ParsedBank()
        let records = CSVReader.records(text, file: file, into: &bank)
        guard let header = records.first else {
            if bank.diagnostics.isEmpty {
                bank.error("the file is empty; expected a header row", at: .init(file: file, line: 1, column: 1))
            }
            return ([], bank.diagnostics)
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let (required, optional) = kind.columns
        let missing = required.filter { columns[$0] == nil }
        let unknown = names.filter { !required.contains($0) && !optional.contains($0) }
        guard missing.isEmpty, unknown.isEmpty else {
            bank.error(
                "wrong header for \(kind.rawValue); expected \((required + optional).joined(separator: ","))",
                at: SourcePosition(file: file, line: header.line, column: 1)
            )
            return ([], bank.diagnostics)
        }
        var rows: [RecordRow] = []
        var keys: [String: Int] = [:]
        for record in records.dropFirst() {
            func value(_ name: String) -> String {
                guard let index = columns[name], index < record.fields.count else { return "" }
                return record.fields[index].trimmingCharacters(in: .whitespaces)
            }
            var problems: [(String, String)] = []
            func day(_ name: String, optional: Bool = false) -> CalendarDay? {
                let text = value(name)
                if optional && text.isEmpty { return nil }
                guard let day = CalendarDay(text) else {
                    problems.append((name, "\(name) '\(text)' is not a date written YYYY-MM-DD"))
                    return nil
                }
                if day > today, name != "end", name != "valid_until" {
                    problems.append((name, "\(name) \(day) is in the future"))
                }
                return day
            }
            let badge = value("badge")
            if !Officer.isValidBadge(badge) {
                problems.append(("badge", "badge '\(badge)' must be 1-32 letters, digits or dashes"))
            }
            let codeColumn = required[1]
            let code = value(codeColumn)
            if code.isEmpty || code.count > 64 {
                problems.append((codeColumn, "\(codeColumn) must be a code of 1 to 64 characters"))
            }
            var row = RecordRow(line: record.line, badge: badge, code: code, revoked: false)
            switch kind {
            case .assessments, .qualityAssessments:
                let text = value("year")
                if let year = Int(text), (1950...today.year).contains(year) {
                    row.year = year
                } else {
                    problems.append(("year", "year '\(text)' must be a year from 1950 to \(today.year)"))
                }
                row.code = value("grade")
            case .sanctions:
                row.day = day("start")
                row.endDay = day("end", optional: true)
                if let start = row.day, let end = row.endDay, end < start {
                    problems.append(("end", "the sanction ends (\(end)) before it starts (\(start))"))
                }
                let revoked = value("revoked").lowercased()
                guard ["", "true", "false", "yes", "no"].contains(revoked) else {
                    problems.append(("revoked", "revoked '\(revoked)' must be true or false"))
                    break
                }
                row.revoked = revoked == "true" || revoked == "yes"
            case .merits, .qualifications:
                row.day = day("date")
                if kind == .qualifications {
                    row.endDay = day("valid_until", optional: true)
                    if let passed = row.day, let until = row.endDay, until <= passed {
                        problems.append(("valid_until", "valid_until \(until) is not after the pass date \(passed)"))
                    }
                }
            case .rankChanges, .postChanges:
                row.day = day("since")
            case .satisfaction:
                let quarter = value("quarter")
                let parts = quarter.uppercased().split(separator: "Q")
                if parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...4).contains(number),
                    (1950...today.year).contains(year)
                {
                    row.code = "\(year)Q\(number)"
                } else {
                    problems.append(("quarter", "quarter '\(quarter)' must be written like 2024Q3"))
                }
                let scoreText = value("score")
                if let score = Double(scoreText), (0...100).contains(score) {
                    row.score = score
                } else {
                    let hint = scoreText.contains(",") ? "; use a dot for decimals" : ""
                    problems.append(("score", "score '\(scoreText)' must be a number from 0 to 100\(hint)"))
                }
            }
            let key = kind.keyColumns.map(value).joined(separator: "|")
            if problems.isEmpty, let earlier = keys[key] {
                problems.append(
                    ("badge", "this record repeats line \(earlier) (same \(kind.keyColumns.joined(separator: ", ")))"))
            }
            keys[key] = keys[key] ?? record.line
            for (column, message) in problems {
                bank.error(
                    message, at: SourcePosition(file: file, line: record.line, column: (columns[column] ?? 0) + 1))
            }
            if problems.isEmpty { rows.append(row) }
        }
        return (rows, bank.diagnostics)
    }
}
