import Foundation
import MusterDomain

extension BankFormat {
    /// Guesses a file's format from its extension, then from its content.
    public static func detect(fileName: String, text: String) -> BankFormat {
        let lowered = fileName.lowercased()
        let head = text.prefix(2000)
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return .yaml }
        if lowered.hasSuffix(".gift") { return .gift }
        if lowered.hasSuffix(".csv") { return .csv }
        if lowered.hasSuffix(".xml") || head.hasPrefix("<") || head.contains("<?xml") {
            return head.contains("<quiz") ? .moodleXML : .qti
        }
        if lowered.hasSuffix(".aiken") { return .aiken }
        if head.range(of: #"(?m)^ANSWER:\s*[A-Z]\s*$"#, options: .regularExpression) != nil,
            !head.contains("{")
        {
            return .aiken
        }
        if head.range(of: #"(?m)^(bank|items):"#, options: .regularExpression) != nil { return .yaml }
        return .gift
    }

    /// Parses `text` in this format.
    public func parse(_ text: String, file: String) -> ParsedBank {
        switch self {
        case .yaml: YAMLBankReader().parse(text, file: file)
        case .gift: GIFTParser().parse(text, file: file)
        case .aiken: AikenParser().parse(text, file: file)
        case .moodleXML: MoodleXMLParser().parse(text, file: file)
        case .qti: QTIParser().parse(text, file: file)
        case .csv: CSVBankParser().parse(text, file: file)
        }
    }
}
