import Foundation

/// The one way answers are compared as text.
///
/// Unicode NFKC folds full-width and half-width forms together (`ＡＢＣ１２３` equals `ABC123`),
/// runs of whitespace become one space, and the ends are trimmed. Case folds unless asked not to.
public enum TextNormalization {
    /// `text` in comparable form.
    public static func normalize(_ text: String, caseSensitive: Bool = false) -> String {
        if let ascii = normalizeASCII(text, caseSensitive: caseSensitive) { return ascii }
        let folded = text.precomposedStringWithCompatibilityMapping
        var result = ""
        var pendingSpace = false
        for character in folded {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return caseSensitive ? result : result.lowercased()
    }

    /// The same for text that is all ASCII (NFKC leaves ASCII as it is), on bytes; nil for
    /// any other text. Grading compares many typed answers: this keeps the common case cheap.
    static func normalizeASCII(_ text: String, caseSensitive: Bool) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(!caseSensitive && (0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `text` normalises to `normalized` (a text already normalised with the same
    /// letter-case rule). Grading compares each typed answer with every key answer: ASCII key
    /// text is compared byte by byte as it is normalised, without building a copy.
    static func normalizes(_ text: String, to normalized: String, caseSensitive: Bool) -> Bool {
        var expected = normalized.utf8.makeIterator()
        var pendingSpace = false
        var started = false
        var differs = false
        for byte in text.utf8 {
            // NFKC may fold what follows into what came before: other text is normalised whole.
            guard byte < 0x80 else { return normalize(text, caseSensitive: caseSensitive) == normalized }
            if differs { continue }
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = started
                continue
            }
            if pendingSpace {
                pendingSpace = false
                if expected.next() != 0x20 { differs = true }
            }
            started = true
            let folded = !caseSensitive && (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            if expected.next() != folded { differs = true }
        }
        return !differs && expected.next() == nil
    }

    /// Whether two texts are equal after normalisation.
    public static func matches(_ lhs: String, _ rhs: String, caseSensitive: Bool = false) -> Bool {
        normalize(lhs, caseSensitive: caseSensitive) == normalize(rhs, caseSensitive: caseSensitive)
    }
}
