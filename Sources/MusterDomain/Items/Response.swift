/// A candidate's answer to one item, in the shape the item's kind expects.
public enum Response: Sendable, Hashable, Codable {
    /// The text of the chosen option (single choice).
    case choice(String)
    /// The texts of the chosen options (multiple response).
    case choices([String])
    /// True or false.
    case truth(Bool)
    /// Typed text (short answer, essay).
    case text(String)
    /// A number (numeric).
    case number(Double)
    /// Left-hand text to the chosen right-hand text (matching).
    case matches([String: String])
    /// Entry texts in the candidate's order (ordering).
    case order([String])
    /// An examiner's measurement with the candidate's sex and age on the day (practical).
    case measurement(Double, sex: Sex, age: Int)

    /// A short name for the shape, used in error messages.
    public var shapeName: String {
        switch self {
        case .choice: "an option text"
        case .choices: "an array of option texts"
        case .truth: "true or false"
        case .text: "a string"
        case .number: "a number"
        case .matches: "an object of left to right texts"
        case .order: "an array of entry texts"
        case .measurement: "a measurement"
        }
    }
}
