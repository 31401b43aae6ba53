import Foundation
import MusterDomain
import MusterFormats

/// The question banks that ship with Muster, compiled into the binary from `QuestionBanks/`.
public enum ShippedBanks {
    /// The shipped native-YAML banks, by file name.
    public static var yamlBanks: [SourceFile] { sources(where: { !$0.contains("/samples/") && $0.hasSuffix(".yaml") }) }

    /// The format samples (GIFT, Aiken, Moodle XML, QTI) under `QuestionBanks/samples/`.
    public static var samples: [SourceFile] { sources(where: { $0.contains("/samples/") }) }

    static func sources(where include: (String) -> Bool) -> [SourceFile] {
        ShippedFiles.under("QuestionBanks/", where: include)
    }
}
