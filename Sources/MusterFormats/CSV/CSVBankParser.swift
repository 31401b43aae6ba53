import MusterDomain

/// Reads simple choice questions from CSV.
///
/// The header names the columns: `id`, `prompt`, option columns `A` to `F` (at least `A` and `B`),
/// `answer` (one letter for single choice, several such as `AC` for all-or-nothing multiple
/// response), and optionally `topics` (separated by `;`), `difficulty` and `points`.
public struct CSVBankParser: Sendable {
    public init() {}

    static let optionColumns = ["A", "B", "C", "D", "E", "F"]

    public func parse(_ text: String, file: String) -> ParsedBank {
        var bank = ParsedBank()
        guard
            let table = CSVTable.read(
                text, file: file, required: ["id", "prompt", "A", "B", "answer"],
                optional: ["C", "D", "E", "F", "topics", "difficulty", "points"], caseSensitive: true,
                allowUnknown: true, diagnostics: &bank.diagnostics)
        else { return bank }
        for row in table.rows {
            if let item = item(row, file: file, bank: &bank) { bank.items.append(item) }
        }
        bank.finishItems(file: file)
        return bank
    }

    func item(_ row: CSVTable.Row, file: String, bank: inout ParsedBank) -> Item? {
        let value = row.text, position = row.position
        let id = value("id")
        let prompt = value("prompt")
        guard !id.isEmpty, !prompt.isEmpty else {
            bank.error("every row needs an id and a prompt", at: position(id.isEmpty ? "id" : "prompt"))
            return nil
        }
        let letters = Self.optionColumns.filter { !value($0).isEmpty }
        let answer = Set(value("answer").uppercased().filter { $0.isLetter }.map(String.init))
        guard !answer.isEmpty, answer.isSubset(of: Set(letters)) else {
            bank.error(
                "answer '\(value("answer"))' must name filled option columns among \(letters.joined(separator: ", "))",
                at: position("answer"))
            return nil
        }
        let options = letters.map {
            ChoiceOption(text: LocalizedText(value($0)), fraction: answer.contains($0) ? 1 : 0)
        }
        var difficulty = Difficulty.medium
        if !value("difficulty").isEmpty {
            guard let parsed = Difficulty(rawValue: value("difficulty").lowercased()) else {
                bank.error(
                    "difficulty '\(value("difficulty"))' must be easy, medium or hard", at: position("difficulty"))
                return nil
            }
            difficulty = parsed
        }
        var points = 1.0
        if !value("points").isEmpty {
            guard let parsed = Double(value("points")), parsed >= 0 else {
                let hint = value("points").contains(",") ? "; use a dot for decimals" : ""
                bank.error("points '\(value("points"))' is not a number\(hint)", at: position("points"))
                return nil
            }
            points = parsed
        }
        return Item(
            id: id,
            prompt: LocalizedText(prompt),
            kind: answer.count == 1
                ? .singleChoice(options)
                : .multipleResponse(MultipleResponseKey(options: options, rule: .allOrNothing)),
            topics: value("topics").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            },
            difficulty: difficulty,
            points: points,
            source: SourcePosition(file: file, line: row.line, column: 1)
        )
    }
}
