import Foundation
import MusterDomain
import PropertyBased
import Testing

@testable import MusterFormats

/// Files written on Windows (CRLF), old Macs (CR) or with a UTF-8 byte-order mark read exactly as
/// their Unix (LF) copies: the same items at the same positions, the same diagnostics.
@Suite("Line endings and byte-order marks")
struct LineEndingTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every shipped bank and every bank file the tests read, with its format.
    static func banks() throws -> [(name: String, text: String, format: BankFormat)] {
        var files: [URL] = []
        for folder in ["QuestionBanks", "QuestionBanks/samples", "Tests/MusterFormatsTests/QTICorpus/v2p1"] {
            files += try FileManager.default.contentsOfDirectory(
                at: repository.appending(path: folder), includingPropertiesForKeys: nil)
        }
        files += ["moodle-gift-examples.txt", "moodle-aiken-questions.txt", "moodle-match.xml", "qti30-match.xml"].map {
            Conformance.folder.appending(path: $0)
        }
        return try files.filter { !$0.hasDirectoryPath && $0.pathExtension != "" }.sorted { $0.path < $1.path }.map {
            let text = try String(contentsOf: $0, encoding: .utf8)
            return ($0.lastPathComponent, text, BankFormat.detect(fileName: $0.lastPathComponent, text: text))
        }
    }

    /// `text` with every line break written `ending`, optionally after a byte-order mark.
    static func rewritten(_ text: String, ending: String, mark: Bool) -> String {
        let lines = LineEndings.normalized(text).split(separator: "\n", omittingEmptySubsequences: false)
        return (mark ? "\u{FEFF}" : "") + lines.joined(separator: ending)
    }

    @Test("every shipped and test bank reads the same with LF, CRLF or CR endings, with or without a BOM")
    func everyBank() async throws {
        let banks = try Self.banks()
        #expect(banks.count >= 20)
        for bank in banks {
            let reference = bank.format.parse(Self.rewritten(bank.text, ending: "\n", mark: false), file: bank.name)
            #expect(!reference.items.isEmpty || bank.name.hasPrefix("refuse-"), "\(bank.name)")
            for (ending, mark) in [("\r\n", false), ("\r", false), ("\r\n", true), ("\n", true)] {
                let variant = bank.format.parse(Self.rewritten(bank.text, ending: ending, mark: mark), file: bank.name)
                #expect(variant.items == reference.items, "\(bank.name) with \(ending.debugDescription), mark \(mark)")
                #expect(variant.diagnostics == reference.diagnostics, "\(bank.name) with \(ending.debugDescription)")
            }
        }
    }

    @Test("random GIFT and YAML banks read the same whatever their line endings")
    func randomBanks() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0 ... .max), Gen.int(in: 0...3)) { seed, variant in
            var factory = RandomItems(random: SeededGenerator(seed: seed), giftOnly: true)
            let items = factory.items()
            let ending = ["\r\n", "\r", "\n", "\r\n"][variant]
            for (format, text) in [
                (BankFormat.gift, GIFTWriter().write(items)),
                (BankFormat.yaml, YAMLBankWriter().write(name: "b", title: nil, items: items)),
            ] {
                let reference = format.parse(text, file: "b")
                let variantText = Self.rewritten(text, ending: ending, mark: variant == 3)
                #expect(
                    format.parse(variantText, file: "b").items == reference.items,
                    "\(format) \(ending.debugDescription)")
            }
        }
    }

    @Test("Moodle's examples saved on Windows import all 43 questions")
    func windowsGIFT() throws {
        let text = Self.rewritten(try Conformance.text("moodle-gift-examples.txt"), ending: "\r\n", mark: true)
        let bank = GIFTParser().parse(text, file: "examples.txt")
        #expect(bank.diagnostics.errors.isEmpty)
        #expect(bank.items.count == 43)
        let aiken = AikenParser().parse(
            Self.rewritten(try Conformance.text("moodle-aiken-questions.txt"), ending: "\r\n", mark: false),
            file: "a.txt")
        #expect(aiken.diagnostics.errors.isEmpty)
        #expect(aiken.items.count == 2)
    }
}
