import Foundation
import MusterDomain
import PropertyBased
import Testing

@testable import MusterFormats

@Suite("Round trips and robustness")
struct RoundTripPropertyTests {
    @Test("YAML: items -> YAML -> items is the identity, and so is YAML -> items -> YAML")
    func yamlRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0 ... .max)) { seed in
            var factory = RandomItems(random: SeededGenerator(seed: seed), giftOnly: false)
            let items = factory.items()
            let yaml = YAMLBankWriter().write(name: "round-trip", title: LocalizedText(["en": "T"]), items: items)
            let parsed = YAMLBankReader().parse(yaml, file: "r.yaml")
            #expect(parsed.diagnostics.errors.isEmpty, "\(parsed.diagnostics.errors)\n\(yaml)")
            #expect(parsed.items.map(\.withoutSource) == items, "\(yaml)")
            #expect(parsed.name == "round-trip")
            #expect(YAMLBankWriter().write(name: parsed.name, title: parsed.title, items: parsed.items) == yaml)
        }
    }

    @Test("GIFT: items -> GIFT -> items is the identity for everything GIFT can express")
    func giftRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0 ... .max)) { seed in
            var factory = RandomItems(random: SeededGenerator(seed: seed), giftOnly: true)
            let items = factory.items()
            #expect(items.allSatisfy { GIFTWriter.expressibility(of: $0) == nil })
            let gift = GIFTWriter().write(items)
            let parsed = GIFTParser().parse(gift, file: "r.gift")
            #expect(parsed.diagnostics.errors.isEmpty, "\(parsed.diagnostics.errors)\n\(gift)")
            #expect(parsed.items.count == items.count, "\(gift)")
            for (read, written) in zip(parsed.items.map(\.withoutSource), items) where read != written {
                Issue.record("read back \(read)\nwritten as \(written)\nGIFT:\n\(gift)")
            }
        }
    }

    @Test("arbitrary bytes never crash any importer's parser (banks, roster, records, policy)")
    func arbitraryBytes() async {
        await propertyCheck(count: 400, input: Gen.uint8(in: 0...255).array(of: 0...600)) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            for parse in BankParsers.all {
                Self.expectDiagnosticsPointInside(text, parse(text))
            }
        }
    }

    @Test("text made of GIFT's control characters never crashes a parser")
    func controlCharacterSoup() async {
        let alphabet = Array("{}~=#:\\->%.0123456789 \n\tTF$CATEGORY/[]<>&\"'-:ab中")
        await propertyCheck(count: 600, input: Gen.int(in: 0..<alphabet.count).array(of: 0...200)) { indices in
            let text = String(indices.map { alphabet[$0] })
            for parse in BankParsers.all {
                Self.expectDiagnosticsPointInside(text, parse(text))
            }
        }
    }

    /// Every diagnostic names a real place in the input and says something.
    ///
    /// Parsers count lone carriage returns (CSV, XML, YAML) and YAML's NEL and Unicode separators
    /// as line breaks too, so the bound counts every one of them.
    static func expectDiagnosticsPointInside(_ text: String, _ bank: ParsedBank) {
        let breaks: Set<UInt32> = [0x0A, 0x0D, 0x85, 0x2028, 0x2029]
        let lineCount = text.unicodeScalars.filter { breaks.contains($0.value) }.count + 1
        for diagnostic in bank.diagnostics {
            #expect((1...max(lineCount, 1) + 1).contains(diagnostic.position.line), "\(diagnostic)")
            #expect(diagnostic.position.column >= 1, "\(diagnostic)")
            #expect(!diagnostic.message.isEmpty)
        }
    }
}

/// Every importer's parser, as a function of text to its findings.
enum BankParsers {
    static let today = CalendarDay(year: 2026, month: 11, day: 24)

    static let all: [@Sendable (String) -> ParsedBank] = {
        var parsers: [@Sendable (String) -> ParsedBank] = []
        for format in BankFormat.allCases {
            parsers.append { @Sendable text in format.parse(text, file: "f") }
        }
        parsers.append { @Sendable text in
            ParsedBank(diagnostics: RosterCSVParser().parse(text, file: "f", today: today).diagnostics)
        }
        parsers.append { @Sendable text in ParsedBank(diagnostics: PolicyReader().parse(text, file: "f").diagnostics) }
        for kind in RecordKind.allCases {
            parsers.append { @Sendable text in
                ParsedBank(diagnostics: RecordsCSVParser(kind: kind).parse(text, file: "f", today: today).diagnostics)
            }
        }
        return parsers
    }()
}
