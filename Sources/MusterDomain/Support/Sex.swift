/// An officer's sex, as fitness standards and scoring tables are keyed by it.
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
    case male, female
}
