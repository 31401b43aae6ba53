import MusterDomain

/// A CSV file read as a table: a checked header, then rows whose cells know their position.
///
/// Banks, rosters, HR records and unit files all read their CSV through this one type: the header
/// is matched by name (any order; case-insensitive unless asked otherwise), missing and unknown
/// columns are reported at the header, and every later problem is reported at its cell's own
/// line and column.
struct CSVTable {
    /// The rows after the header.
    var rows: [Row]

    /// One data row.
    struct Row {
        /// The 1-based line the row starts on.
        let line: Int
        let file: String
        let record: CSVReader.Record
        let columns: [String: Int]

        /// The trimmed text of `column`, or "" when the row is short or the column absent.
        func text(_ column: String) -> String {
            guard let index = columns[column], index < record.fields.count else { return "" }
            return record.fields[index].trimmingCharacters(in: .whitespaces)
        }

        /// Where `column`'s cell starts (the row's start when the column is absent).
        func position(_ column: String) -> SourcePosition {
            SourcePosition(file: file, line: line, column: startColumn(column))
        }

        /// The 1-based character column `column`'s cell starts at.
        func startColumn(_ column: String) -> Int {
            guard let index = columns[column], index < record.starts.count else { return 1 }
            return record.starts[index]
        }

        /// Every column's start, by name, for checks made later against the database.
        var startColumns: [String: Int] { columns.mapValues { $0 < record.starts.count ? record.starts[$0] : 1 } }
    }

    /// Reads `text`, reporting problems into `diagnostics`; nil when the file is empty, cannot
    /// be split or has the wrong header.
    ///
    /// - Parameters:
    ///   - required: Columns every file must have.
    ///   - optional: Columns a file may have.
    ///   - caseSensitive: Whether header names must match in case (bank option columns `A`-`F`).
    ///   - allowUnknown: Whether other columns are ignored rather than refused.
    static func read(
        _ text: String,
        file: String,
        required: [String],
        optional: [String] = [],
        caseSensitive: Bool = false,
        allowUnknown: Bool = false,
        diagnostics: inout [Diagnostic]
    ) -> CSVTable? {
        let errorsBefore = diagnostics.errors.count
        let records = CSVReader.records(text, file: file, into: &diagnostics)
        guard diagnostics.errors.count == errorsBefore else { return nil }
        guard let header = records.first else {
            diagnostics.append(
                Diagnostic(
                    .error, at: .init(file: file, line: 1, column: 1), "the file is empty; expected a header row"))
            return nil
        }
        let names = header.fields.map {
            let name = $0.trimmingCharacters(in: .whitespaces)
            return caseSensitive ? name : name.lowercased()
        }
        let columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = required.filter { columns[$0] == nil }
        let unknown = allowUnknown ? [] : names.filter { !required.contains($0) && !optional.contains($0) }
        guard missing.isEmpty, unknown.isEmpty else {
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { problems.append("unknown \(unknown.joined(separator: ", "))") }
            let expected = required + optional.map { "[\($0)]" }
            diagnostics.append(
                Diagnostic(
                    .error,
                    at: SourcePosition(file: file, line: header.line, column: 1),
                    "wrong header (\(problems.joined(separator: "; "))); expected \(expected.joined(separator: ","))"
                )
            )
            return nil
        }
        return CSVTable(
            rows: records.dropFirst().map { Row(line: $0.line, file: file, record: $0, columns: columns) })
    }
}

/// Reads one row's cells into typed values, collecting every problem at its cell.
struct CSVRowReader {
    let row: CSVTable.Row
    /// Problems found so far in this row.
    private(set) var problems: [Diagnostic] = []

    init(_ row: CSVTable.Row) {
        self.row = row
    }

    /// The trimmed text of `column`.
    func text(_ column: String) -> String { row.text(column) }

    /// Whether the row has no problem so far.
    var isValid: Bool { problems.isEmpty }

    /// Reports a problem at `column`'s cell.
    mutating func fail(_ column: String, _ message: String) {
        problems.append(Diagnostic(.error, at: row.position(column), message))
    }

    /// A `YYYY-MM-DD` date; nil (and a problem) when malformed or after `notAfter`; nil without a
    /// problem for an empty optional cell.
    mutating func day(_ column: String, optional: Bool = false, notAfter latest: CalendarDay? = nil) -> CalendarDay? {
        let text = self.text(column)
        if optional && text.isEmpty { return nil }
        guard let day = CalendarDay(text) else {
            fail(column, "\(column) '\(text)' is not a date written YYYY-MM-DD")
            return nil
        }
        if let latest, day > latest { fail(column, "\(column) \(day) is in the future") }
        return day
    }

    /// A code of 1 to `maximumLength` characters.
    mutating func code(_ column: String, maximumLength: Int = 64) -> String {
        let text = self.text(column)
        if text.isEmpty || text.count > maximumLength {
            fail(column, "\(column) must be a code of 1 to \(maximumLength) characters")
        }
        return text
    }

    /// A badge number.
    mutating func badge(_ column: String = "badge") -> String {
        let badge = text(column)
        if !Officer.isValidBadge(badge) { fail(column, "badge '\(badge)' must be 1-32 letters, digits or dashes") }
        return badge
    }
}
