import Foundation

/// JSON text written byte by byte, for the few bodies that are hot enough to skip
/// `JSONEncoder` (an answer save, a candidate's form at the start spike).
///
/// The writer spells values the way `JSONEncoder` reads back identically: strings with quotes,
/// backslashes and control characters escaped (everything else, Chinese included, as UTF-8),
/// whole numbers without a fraction, dates as ISO 8601 to the second, as Hummingbird's
/// `.iso8601` strategy writes them.
public struct JSONWriter: Sendable {
    /// The text so far.
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Punctuation or a key already spelled as JSON: `{"id":`.
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text already spelled as JSON.
    public mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// `text` as a JSON string.
    public mutating func string(_ text: String) {
        bytes.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22, 0x5C: bytes.append(0x5C); bytes.append(byte)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0x00..<0x20:
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }

    /// A whole number.
    public mutating func integer(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A number; false (writing nothing) when it is not finite, which JSON cannot spell.
    @discardableResult
    public mutating func number(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992, value.sign == .plus || value != 0 {
            integer(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
        return true
    }

    /// `true` or `false`.
    public mutating func bool(_ value: Bool) {
        value ? raw("true") : raw("false")
    }

    /// An instant as `"2026-11-26T06:30:00Z"`.
    public mutating func date(_ instant: Date) {
        bytes.append(0x22)
        bytes.append(contentsOf: instant.formatted(Self.iso8601).utf8)
        bytes.append(0x22)
    }

    /// `text` as a JSON string, on its own.
    public static func quoted(_ text: String) -> String {
        var json = JSONWriter(capacity: text.utf8.count + 2)
        json.string(text)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    private static let hex = Array("0123456789abcdef".utf8)
    private static let iso8601 = Date.ISO8601FormatStyle()
}
