import Foundation

/// The one way answers are compared as text.
///
/// Unicode NFKC folds full-width and half-width forms together (`ＡＢＣ１２３` equals `ABC123`),
/// runs of whitespace become one space, and the ends are trimmed. Case folds unless asked not to.
public enum TextNormalization {
    /// `text` in comparable form.
    public static func normalize(_ text: String, caseSensitive: Bool = false) -> String {
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

    /// Whether two texts are equal after normalisation.
    public static func matches(_ lhs: String, _ rhs: String, caseSensitive: Bool = false) -> Bool {
        normalize(lhs, caseSensitive: caseSensitive) == normalize(rhs, caseSensitive: caseSensitive)
    }
}
