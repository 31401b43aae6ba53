import Foundation
import Testing

@testable import MusterDomain

/// The items-by-id lookup grading uses, and the byte-wise text comparison short answers use:
/// both must give exactly what the general ones give.
@Suite("Item catalog and text comparison")
struct ItemCatalogTests {
    static func item(_ id: String, _ answer: Bool = true) -> Item {
        Item(id: id, prompt: LocalizedText(id), kind: .trueFalse(.init(answer: answer)))
    }

    @Test(
        "every id is found, unknown ids are not, the first of a repeated id is kept, and it round-trips as a dictionary"
    )
    func lookups() throws {
        // Ids of many shapes: short and inline, long, Chinese, near-identical, empty.
        var ids = (0..<500).map { "item-\($0)" } + ["", "题目-一", "题目-二", "a-very-long-identifier-of-an-item-0001"]
        ids += (0..<50).map { String(repeating: "x", count: $0 + 1) }
        let catalog = ItemCatalog(ids.map { Self.item($0) } + [Self.item("item-7", false)])
        #expect(catalog.count == ids.count)
        for id in ids {
            #expect(catalog[id]?.id == id)
            #expect(catalog.kind(of: id) == .trueFalse(.init(answer: true)))
        }
        for missing in ["item-500", "item-", "题目", "x" + String(repeating: "x", count: 50), "ITEM-1"] {
            #expect(catalog[missing] == nil)
        }
        let json = try JSONEncoder().encode(catalog)
        #expect(try JSONDecoder().decode([String: Item].self, from: json).count == ids.count)
        #expect(try JSONDecoder().decode(ItemCatalog.self, from: json) == catalog)
        #expect(ItemCatalog([:]).kind(of: "item-1") == nil)
    }

    @Test(
        "comparing a key text byte by byte agrees with normalising it, ASCII or not",
        arguments: [
            "TCP/IP", "tcp/ip", " tcp/ip ", "tcp /ip", "tcp\t\t/ip", "ＴＣＰ/ＩＰ", "e\u{301}", "é", "É", "tcp/ip\u{301}",
            "", "   ", "a b", "a  b", "A B ", "ａ ｂ", "\u{3000}a", "a\u{00A0}b",
        ])
    func byteComparison(key: String) {
        let candidates = ["tcp/ip", "TCP/IP", "é", "e\u{301}", "a b", "", "tcp /ip", "ab", "a", "ｅ\u{301}"]
        for given in candidates {
            for caseSensitive in [false, true] {
                let normalized = TextNormalization.normalize(given, caseSensitive: caseSensitive)
                #expect(
                    TextNormalization.normalizes(key, to: normalized, caseSensitive: caseSensitive)
                        == (TextNormalization.normalize(key, caseSensitive: caseSensitive) == normalized),
                    "key \(key.debugDescription) against \(given.debugDescription), case sensitive \(caseSensitive)")
            }
        }
    }
}
