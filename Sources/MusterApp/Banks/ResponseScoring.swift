import Foundation
import MusterDomain
import MusterFormats

/// One scored response, as `muster items score --format json` prints it.
public struct ScoredResponse: Sendable, Codable, Equatable {
    public var item: String
    public var score: Double
    public var max: Double
}

/// Scores trainers' test responses against a bank file, with no database: the key check before
/// an exam. Uses ``ItemScorer``, the same scorer live grading uses.
public enum ResponseScoring {
    /// Scores the responses in `responsesJSON` (an array of `{"item": ID, "response": V}`)
    /// against the items of `bank`, in input order.
    ///
    /// - Throws: ``MusterError`` when the bank file has errors, the JSON is malformed, an item id is
    ///   unknown, or a response has the wrong shape for its item.
    public static func score(bank: SourceFile, format: BankFormat?, responsesJSON: Data) throws -> [ScoredResponse] {
        let prepared = try UseCases.prepareBank([bank], format: format, bankName: "scoring")
        let items = Dictionary(prepared.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let entries: [Entry]
        do {
            entries = try JSONDecoder().decode([Entry].self, from: responsesJSON)
        } catch let error as DecodingError {
            throw MusterError(
                .invalidInput,
                code: "invalid_responses",
                "The responses file is not an array of {\"item\": ID, \"response\": VALUE}: \(describe(error))."
            )
        }
        return try entries.enumerated().map { index, entry in
            guard let item = items[entry.item] else {
                throw MusterError(
                    .invalidInput,
                    code: "unknown_item",
                    "Response \(index + 1) names item '\(entry.item)', which is not in \(bank.fileName)."
                )
            }
            let response = try entry.response.response(for: item, index: index)
            let score = try ItemScorer.score(item, response: response)
            return ScoredResponse(item: item.id, score: score.earned, max: score.maximum)
        }
    }

    struct Entry: Decodable {
        var item: String
        var response: JSONValue
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "entry \(context.codingPath.first?.intValue.map { $0 + 1 } ?? 0) lacks '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return "\(path.isEmpty ? "the file" : path) has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "a value is invalid"
        @unknown default:
            return "it cannot be read"
        }
    }
}

/// Any JSON value, read before knowing which item kind it answers.
enum JSONValue: Decodable, Sendable {
    case string(String), number(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var strings: [String]? {
        guard case .array(let values) = self else { return nil }
        let strings = values.compactMap { value -> String? in
            if case .string(let text) = value { return text }
            return nil
        }
        return strings.count == values.count ? strings : nil
    }

    /// The value as the response shape `item` expects.
    func response(for item: Item, index: Int) throws -> Response {
        let response: Response? =
            switch (item.kind, self) {
            case (.singleChoice, .string(let text)): .choice(text)
            case (.multipleResponse, _): strings.map { .choices($0) }
            case (.trueFalse, .bool(let value)): .truth(value)
            case (.shortAnswer, .string(let text)), (.essay, .string(let text)): .text(text)
            case (.numeric, .number(let value)): .number(value)
            case (.ordering, _): strings.map { .order($0) }
            case (.matching, .object(let pairs)):
                pairs.allSatisfy { if case .string = $0.value { true } else { false } }
                    ? .matches(pairs.compactMapValues { if case .string(let text) = $0 { text } else { nil } }) : nil
            case (.practical, .object(let fields)): Self.measurement(fields)
            default: nil
            }
        guard let response else {
            let expected =
                item.kind.name == "practical"
                ? "an object {\"value\": number, \"sex\": \"male\"|\"female\", \"age\": number}"
                : ItemScorer.expectedShape(item.kind)
            throw MusterError(
                .invalidInput,
                code: "response_shape_mismatch",
                "Response \(index + 1) to item '\(item.id)' (\(item.kind.name)) must be \(expected)."
            )
        }
        return response
    }

    static func measurement(_ fields: [String: JSONValue]) -> Response? {
        guard case .number(let value)? = fields["value"], case .string(let sexText)? = fields["sex"],
            let sex = Sex(rawValue: sexText), case .number(let age)? = fields["age"]
        else { return nil }
        return .measurement(value, sex: sex, age: Int(age))
    }
}
