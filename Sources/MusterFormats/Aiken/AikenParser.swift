import Foundation
import MusterDomain

/// Reads the Aiken format: a question, lettered options (`A)` or `A.`), and `ANSWER: X`.
///
/// Stems are plain text: markup such as `<html>` is kept as written, not interpreted.
public struct AikenParser: Sendable {
    public init() {}

    public func parse(_ text: String, file: String) -> ParsedBank {
        var bank = ParsedBank()
        var stem: [String] = []
        var stemStart: SourcePosition?
        var options: [(letter: Character, text: String)] = []
        func reset() {
            stem = []
            stemStart = nil
            options = []
        }
        let lines = LineEndings.normalized(text).split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            let position = SourcePosition(file: file, line: lineNumber, column: 1)
            if line.isEmpty {
                if !stem.isEmpty, let start = stemStart {
                    bank.error("the question has no 'ANSWER:' line", at: start)
                }
                reset()
                continue
            }
            if let option = Self.option(line), !stem.isEmpty {
                if options.contains(where: { $0.letter == option.letter }) {
                    bank.error("option \(option.letter) appears twice in this question", at: position)
                }
                options.append(option)
                continue
            }
            if line.uppercased().hasPrefix("ANSWER:") {
                defer { reset() }
                let letters = line.dropFirst(7).trimmingCharacters(in: .whitespaces).uppercased()
                guard let start = stemStart else {
                    bank.error("'ANSWER:' comes before any question", at: position)
                    continue
                }
                guard options.count >= 2 else {
                    bank.error("the question needs at least two options lettered A), B), …", at: start)
                    continue
                }
                guard letters.count == 1, let letter = letters.first, options.contains(where: { $0.letter == letter })
                else {
                    let known = options.map { String($0.letter) }.joined(separator: ", ")
                    bank.error("answer '\(letters)' is not one of the options \(known)", at: position)
                    continue
                }
                let prompt = stem.joined(separator: "\n")
                bank.items.append(
                    Item(
                        id: GIFTQuestionParser.derivedID(from: prompt),
                        prompt: LocalizedText(prompt),
                        kind: .singleChoice(
                            options.map {
                                ChoiceOption(text: LocalizedText($0.text), fraction: $0.letter == letter ? 1 : 0)
                            }
                        ),
                        source: start
                    )
                )
                continue
            }
            if !options.isEmpty {
                bank.error("unexpected text after the options; expected another option or 'ANSWER: X'", at: position)
                continue
            }
            if stemStart == nil { stemStart = position }
            stem.append(line)
        }
        if !stem.isEmpty, let start = stemStart {
            bank.error("the question has no 'ANSWER:' line", at: start)
        }
        bank.finishItems(file: file)
        return bank
    }

    /// `A) text`, `A. text` or, as Moodle also reads it, `A)text` → (A, text).
    static func option(_ line: String) -> (letter: Character, text: String)? {
        let characters = Array(line)
        guard characters.count >= 3, let letter = characters.first, letter.isASCII, letter.isUppercase,
            characters[1] == ")" || characters[1] == "."
        else { return nil }
        let text = String(characters[2...]).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : (letter, text)
    }
}
