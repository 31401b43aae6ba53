import MusterDomain

/// Splits RFC 4180 CSV into records, remembering the line each record starts on.
///
/// Quoted fields may hold commas, doubled quotes and line breaks. A quote left open at the end of
/// the file is reported, not guessed at.
struct CSVReader {
    /// One record: its fields and the 1-based line it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    static func records(_ text: String, file: String, into bank: inout ParsedBank) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteOpenedAt = SourcePosition(file: file, line: 1, column: 1)
        var column = 0
        var iterator = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            column += 1
            if inQuotes {
                if character == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = iterator.next()
                        column += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" {
                        line += 1
                        column = 0
                    }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteOpenedAt = SourcePosition(file: file, line: line, column: column)
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                if !(fields.count == 1 && fields[0].isEmpty) {
                    records.append(Record(fields: fields, line: recordLine))
                }
                fields = []
                field = ""
                line += 1
                column = 0
                recordLine = line
            default:
                field.append(character)
            }
        }
        if inQuotes {
            bank.error("a quoted field is never closed with '\"'", at: quoteOpenedAt)
            return records
        }
        fields.append(field)
        if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: recordLine)) }
        return records
    }
}
