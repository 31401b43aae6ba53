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

extension LocalizedText {
    enum CodingKeys: String, CodingKey {
        case translations
    }

    /// A language tag as a key of the translations object.
    struct LanguageKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `{"translations": {"zh-CN": "…", "en": "…"}}`, as the synthesized encoding writes it, but
    /// member by member: every candidate's form carries hundreds of these, and encoding a
    /// dictionary through `Encodable` cost the start of an attempt more than everything else.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var languages = container.nestedContainer(keyedBy: LanguageKey.self, forKey: .translations)
        for (language, text) in translations {
            try languages.encode(text, forKey: LanguageKey(stringValue: language))
        }
    }
}
