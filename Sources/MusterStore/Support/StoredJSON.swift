import MusterDomain

/// Fast readers for the two JSON documents read back by the million when an exam is regraded:
/// a form's entries and an attempt's latest answers. Both are Muster's own output (written by
/// `JSONEncoder`, possibly returned by PostgreSQL as jsonb text), so a small byte-level reader
/// serves. Anything it does not expect makes it give up with nil, and the caller decodes with
/// `JSONDecoder` instead: the fast path never gives a different answer, only a quicker one.
///
/// The same reader takes the answer saves terminals send (``AnswerSaveJSON``), which are not
/// Muster's own: it reads only strict JSON and gives up on anything else.
public enum StoredJSON {
    /// The form entries of a stored form, or nil to fall back.
    public static func formEntries(_ text: String) -> [FormEntry]? {
        read(text) { reader in
            reader.list { reader in
                var position: Int?
                var section: String?
                var itemID: String?
                var points: Double?
                var optionOrder: [Int]?
                // A key given twice is left to JSONDecoder (which keeps the first).
                let complete = reader.object { key, reader in
                    switch key {
                    case "position" where position == nil: position = reader.integer()
                    case "section" where section == nil: section = reader.string()
                    case "itemID" where itemID == nil: itemID = reader.string()
                    case "points" where points == nil: points = reader.number()
                    case "optionOrder" where optionOrder == nil: optionOrder = reader.list { $0.integer() }
                    default: return false
                    }
                    return true
                }
                guard complete, let position, let section, let itemID, let points, let optionOrder else { return nil }
                return FormEntry(
                    position: position, section: section, itemID: itemID, points: points, optionOrder: optionOrder)
            }
        }
    }

    /// A list of answers (each `null` or an object with one key), or nil to fall back.
    public static func answers(_ text: String) -> [CandidateAnswer?]? {
        read(text) { reader in reader.list { $0.answer() } }
    }

    /// An answer log as regrading reads it, a flat list of (position, sequence, answer)
    /// triples, or nil to fall back to ``AnswerLogTriples``.
    public static func answerLog(_ text: String) -> [SavedAnswer]? {
        read(text) { reader in
            guard reader.take(0x5B) else { return nil }
            var log: [SavedAnswer] = []
            if reader.take(0x5D) { return log }
            repeat {
                guard let position = reader.integer(), reader.take(0x2C), let sequence = reader.integer(),
                    reader.take(0x2C), let answer = reader.answer()
                else { return nil }
                log.append(SavedAnswer(position: position, sequence: Int64(sequence), answer: answer, flagged: false))
            } while reader.take(0x2C)
            return reader.take(0x5D) ? log : nil
        }
    }

    /// Runs `body` over the text's bytes; nil unless it reads the whole text.
    private static func read<Value>(_ text: String, _ body: (inout JSONBytes) -> Value?) -> Value? {
        var text = text
        return text.withUTF8 { read($0, body) }
    }

    /// Runs `body` over `bytes`; nil unless it reads them all.
    static func read<Value>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (inout JSONBytes) -> Value?) -> Value? {
        var reader = JSONBytes(bytes: bytes)
        guard let value = body(&reader) else { return nil }
        reader.skipSpace()
        return reader.index == bytes.count ? value : nil
    }
}

/// An object member's key, compared with known keys without building a string.
struct JSONKey {
    let bytes: UnsafeBufferPointer<UInt8>

    static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        guard pattern.utf8CodeUnitCount == key.bytes.count else { return false }
        for offset in 0..<key.bytes.count where key.bytes[offset] != pattern.utf8Start[offset] { return false }
        return true
    }
}

/// A cursor over JSON text's bytes: each reading method skips leading whitespace and returns
/// nil (or false) on anything it does not expect.
struct JSONBytes {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Consumes `byte` if it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Consumes `word` (`null`, `true`, `false`) if it comes next.
    mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// An answer: `null` (.some(nil)) or an object with one of the answer keys; nil to give up.
    mutating func answer() -> CandidateAnswer?? {
        if literal("null") { return .some(nil) }
        var answer: CandidateAnswer?
        let complete = object { key, reader in
            guard answer == nil else { return false }
            switch key {
            case "choice": answer = reader.integer().map(CandidateAnswer.choice)
            case "choices": answer = reader.list { $0.integer() }.map(CandidateAnswer.choices)
            case "truth": answer = reader.boolean().map(CandidateAnswer.truth)
            case "text": answer = reader.string().map(CandidateAnswer.text)
            case "number": answer = reader.number().map(CandidateAnswer.number)
            case "order": answer = reader.list { $0.integer() }.map(CandidateAnswer.order)
            case "matches":
                answer = reader.list { reader -> Int?? in
                    reader.literal("null") ? .some(nil) : reader.integer().map { .some($0) }
                }.map(CandidateAnswer.matches)
            default: return false
            }
            return answer != nil
        }
        guard complete, let answer else { return nil }
        return .some(answer)
    }

    mutating func boolean() -> Bool? {
        if literal("true") { return true }
        return literal("false") ? false : nil
    }

    /// A JSON array whose every element `element` reads.
    mutating func list<Element>(_ element: (inout JSONBytes) -> Element?) -> [Element]? {
        guard take(0x5B) else { return nil }
        var elements: [Element] = []
        if take(0x5D) { return elements }
        repeat {
            guard let value = element(&self) else { return nil }
            elements.append(value)
        } while take(0x2C)
        return take(0x5D) ? elements : nil
    }

    /// A JSON object, each member's value read by `member` (false: give up), which is given the
    /// key's bytes (keys with escapes are not expected: give up).
    mutating func object(_ member: (JSONKey, inout JSONBytes) -> Bool) -> Bool {
        guard take(0x7B) else { return false }
        if take(0x7D) { return true }
        repeat {
            guard take(0x22) else { return false }
            let start = index
            while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x5C { index += 1 }
            guard index < bytes.count, bytes[index] == 0x22 else { return false }
            let key = JSONKey(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            index += 1
            guard take(0x3A), member(key, &self) else { return false }
        } while take(0x2C)
        return take(0x7D)
    }

    /// A whole number written without a fraction or exponent.
    mutating func integer() -> Int? {
        skipSpace()
        let negative = index < bytes.count && bytes[index] == 0x2D
        if negative { index += 1 }
        var value = 0
        var digits = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdding) = times.addingReportingOverflow(Int(bytes[index] - 0x30))
            guard !overflow, !overflowAdding else { return nil }
            value = sum
            digits += 1
            index += 1
        }
        // No leading zeros, fraction or exponent: only what JSONEncoder writes for an integer.
        guard digits > 0, digits == 1 || bytes[index - digits] != 0x30 else { return nil }
        if index < bytes.count {
            switch bytes[index] {
            case 0x2E, 0x45, 0x65: return nil
            default: break
            }
        }
        return negative ? -value : value
    }

    /// A number as JSON writes one (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, nothing the
    /// standard library would also take, such as `+1`, `.5` or `01`), converted as the standard
    /// library converts text (correctly rounded); nil when not finite.
    mutating func number() -> Double? {
        skipSpace()
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - first
        }
        if index < bytes.count, bytes[index] == 0x2D { index += 1 }
        let whole = index
        guard digits() > 0, index - whole == 1 || bytes[whole] != 0x30 else { return nil }
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < bytes.count, bytes[index] == 0x45 || bytes[index] == 0x65 {
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard
            let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)),
            value.isFinite
        else { return nil }
        return value
    }

    /// A string, with its escapes; nil for invalid UTF-8 or an escape JSON does not have.
    mutating func string() -> String? {
        guard take(0x22) else { return nil }
        let start = index
        var high: UInt8 = 0
        while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x5C, bytes[index] >= 0x20 {
            high |= bytes[index]
            index += 1
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == 0x22 {
            defer { index += 1 }
            let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
            // ASCII needs no validation, and decoding it is specialised where the generic
            // validating initialiser looks up type metadata on every call (a stored whole force
            // reads about a million codes).
            return high < 0x80 ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
        }
        guard bytes[index] == 0x5C else { return nil }
        var text = Array(bytes[start..<index])
        while index < bytes.count, bytes[index] != 0x22 {
            let byte = bytes[index]
            guard byte >= 0x20 else { return nil }
            index += 1
            guard byte == 0x5C else {
                text.append(byte)
                continue
            }
            guard index < bytes.count else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case 0x22, 0x5C, 0x2F: text.append(escape)
            case 0x62: text.append(0x08)
            case 0x66: text.append(0x0C)
            case 0x6E: text.append(0x0A)
            case 0x72: text.append(0x0D)
            case 0x74: text.append(0x09)
            case 0x75:
                guard var scalar = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { return nil }
                    index += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                text.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: return nil
            }
        }
        guard index < bytes.count else { return nil }
        index += 1
        return String(validating: text, as: UTF8.self)
    }

    /// Four hex digits after `\u`.
    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }
}

/// An answer log as a flat JSON list of (position, sequence, answer) triples, read with
/// `JSONDecoder`: the slow path behind ``StoredJSON/answerLog(_:)``.
public struct AnswerLogTriples: Decodable {
    public var log: [SavedAnswer]

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        log = []
        while !container.isAtEnd {
            let position = try container.decode(Int.self)
            let sequence = try container.decode(Int64.self)
            let answer = try container.decode(CandidateAnswer?.self)
            log.append(SavedAnswer(position: position, sequence: sequence, answer: answer, flagged: false))
        }
    }
}
