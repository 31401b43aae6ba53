import MusterDomain

/// The JSON of the busiest request and write Muster has: an answer save as a terminal sends it,
/// and the answer as the answer log stores it.
///
/// Both directions are byte-level. Reading gives up with nil on anything but strict JSON of the
/// expected shape (an unknown or repeated key, a fraction where a whole number belongs, an
/// escape in a key), and the caller then decodes with `JSONDecoder`, whose answer (or error)
/// stands: the fast path never answers differently, only sooner.
public enum AnswerSaveJSON {
    /// Reads `{"sequence": N, "answer": A | null, "flagged": B | null}` (answer and flagged
    /// optional, members in any order), or nil to fall back to `JSONDecoder`.
    public static func body(_ bytes: UnsafeBufferPointer<UInt8>) -> AnswerSubmission? {
        submission(bytes, positioned: false).map(\.submission)
    }

    /// Reads an answer stream's save frame: the body's members and `"position": N`, which the
    /// HTTP route takes from its path. Nil to fall back to `JSONDecoder`.
    public static func frame(_ bytes: UnsafeBufferPointer<UInt8>) -> (position: Int, submission: AnswerSubmission)? {
        submission(bytes, positioned: true).flatMap { read in read.position.map { ($0, read.submission) } }
    }

    private static func submission(
        _ bytes: UnsafeBufferPointer<UInt8>, positioned: Bool
    ) -> (position: Int?, submission: AnswerSubmission)? {
        StoredJSON.read(bytes) { reader in
            var position: Int?
            var sequence: Int?
            var answer: CandidateAnswer??
            var flagged: Bool??
            let complete = reader.object { key, reader in
                switch key {
                case "position" where positioned && position == nil:
                    position = reader.integer()
                    return position != nil
                case "sequence" where sequence == nil:
                    sequence = reader.integer()
                    return sequence != nil
                case "answer" where answer == nil:
                    answer = reader.answer()
                    return answer != nil
                case "flagged" where flagged == nil:
                    flagged = reader.literal("null") ? .some(nil) : reader.boolean().map { .some($0) }
                    return flagged != nil
                default: return false
                }
            }
            guard complete, let sequence else { return nil }
            return (
                position, AnswerSubmission(sequence: Int64(sequence), answer: answer ?? nil, flagged: flagged ?? nil)
            )
        }
    }

    /// The answer as the answer log stores it (`null` for a cleared position), or nil for a
    /// number JSON cannot write (not finite), which the caller leaves to `JSONEncoder`.
    public static func text(of answer: CandidateAnswer?) -> String? {
        guard let answer else { return "null" }
        func list(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
        switch answer {
        case .choice(let index): return #"{"choice":\#(index)}"#
        case .choices(let indices): return #"{"choices":\#(list(indices))}"#
        case .truth(let value): return #"{"truth":\#(value)}"#
        case .text(let text): return #"{"text":\#(JSONWriter.quoted(text))}"#
        case .number(let number): return number.isFinite ? #"{"number":\#(number)}"# : nil
        case .order(let indices): return #"{"order":\#(list(indices))}"#
        case .matches(let chosen):
            return #"{"matches":["# + chosen.map { $0.map(String.init) ?? "null" }.joined(separator: ",") + "]}"
        }
    }
}
