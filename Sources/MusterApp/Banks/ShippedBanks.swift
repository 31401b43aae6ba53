import Foundation
import MusterDomain

/// The question banks that ship with Muster, compiled into the binary from `QuestionBanks/`.
public enum ShippedBanks {
    /// The shipped native-YAML banks, by file name.
    public static var yamlBanks: [BankSource] { sources(where: { !$0.contains("/samples/") && $0.hasSuffix(".yaml") }) }

    /// The format samples (GIFT, Aiken, Moodle XML, QTI) under `QuestionBanks/samples/`.
    public static var samples: [BankSource] { sources(where: { $0.contains("/samples/") }) }

    static func sources(where include: (String) -> Bool) -> [BankSource] {
        EmbeddedFiles.all.filter { $0.key.hasPrefix("QuestionBanks/") && include($0.key) }
            .sorted { $0.key < $1.key }
            .map { BankSource(fileName: $0.key, text: String(decoding: $0.value, as: UTF8.self)) }
    }
}
