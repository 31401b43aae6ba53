import MusterDomain

/// One unit row with the line it came from and where each column starts on it.
public struct UnitRow: Sendable, Hashable {
    public var unit: Unit
    public var line: Int
    /// Each column's 1-based start on the line, by name, for problems found against the tree.
    public var columns: [String: Int]

    /// Where `column`'s cell starts in `file`.
    public func position(_ column: String, file: String) -> SourcePosition {
        SourcePosition(file: file, line: line, column: columns[column] ?? 1)
    }
}

/// Reads a unit tree file: `code,parent,name[,name_en]`, parent empty for the root.
///
/// Checks each row on its own (a code that fits, a name, a unit that is not its own parent) and
/// the file as a whole (no code twice). Checks against the stored tree (unknown parents, cycles)
/// are the use case's, through ``UnitTree``.
public struct UnitsCSVParser: Sendable {
    public init() {}

    /// Parses `text`, reporting every problem at its cell.
    public func parse(_ text: String, file: String) -> (rows: [UnitRow], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard
            let table = CSVTable.read(
                text, file: file, required: ["code", "parent", "name"], optional: ["name_en"],
                diagnostics: &diagnostics)
        else { return ([], diagnostics) }
        var rows: [UnitRow] = []
        var firstLine: [String: Int] = [:]
        for line in table.rows {
            var reader = CSVRowReader(line)
            let code = reader.text("code"), parent = reader.text("parent")
            if !Unit.isValidCode(code) {
                reader.fail("code", "unit code '\(code)' must be 1-64 letters, digits, dots, dashes or underscores")
            }
            if !parent.isEmpty, !Unit.isValidCode(parent) {
                reader.fail("parent", "parent '\(parent)' is not a unit code")
            }
            if !parent.isEmpty, parent == code { reader.fail("parent", "unit \(code) cannot be its own parent") }
            let name = reader.text("name")
            let nameEn = reader.text("name_en").isEmpty ? name : reader.text("name_en")
            if name.isEmpty || name.count > 200 { reader.fail("name", "name must have 1 to 200 characters") }
            if nameEn.count > 200 { reader.fail("name_en", "name_en may have at most 200 characters") }
            if let earlier = firstLine[code] {
                reader.fail("code", "unit \(code) appears twice in the file (first on line \(earlier))")
            } else if !code.isEmpty {
                firstLine[code] = line.line
            }
            if reader.isValid {
                rows.append(
                    UnitRow(
                        unit: Unit(code: code, parentCode: parent.isEmpty ? nil : parent, nameZh: name, nameEn: nameEn),
                        line: line.line,
                        columns: line.startColumns
                    )
                )
            }
            diagnostics += reader.problems
        }
        return (rows, diagnostics)
    }
}
