/// Text in one or more languages, keyed by BCP 47 tag (`zh-CN`, `en`).
///
/// One language is enough for an item; shipped banks carry both Chinese and English.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The translations, keyed by language tag.
    public var translations: [String: String]

    /// The language preferred when several are present and none was asked for.
    public static let defaultLanguage = "zh-CN"

    /// Creates text from translations keyed by language tag.
    public init(_ translations: [String: String]) {
        self.translations = translations
    }

    /// Creates text in a single language.
    public init(_ text: String, language: String = LocalizedText.defaultLanguage) {
        self.translations = [language: text]
    }

    /// The text in `language`, else in the default language, else in any language present.
    public func text(in language: String? = nil) -> String {
        if let language, let text = translations[language] { return text }
        if let text = translations[Self.defaultLanguage] { return text }
        return translations.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    /// Whether every translation is empty.
    public var isEmpty: Bool { translations.values.allSatisfy(\.isEmpty) }

    /// The languages present, sorted.
    public var languages: [String] { translations.keys.sorted() }
}
