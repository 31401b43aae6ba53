import Foundation
import Hummingbird
import MusterApp
import MusterDomain
import MusterStore
import NIOCore

extension Request {
    /// Decodes a JSON body of at most the context's upload size.
    ///
    /// Decoding errors are left as they are, so ``APIError`` can name the failing field's path;
    /// unknown fields are ignored (the stated rule for every JSON body).
    func decodeJSON<Value: Decodable>(as type: Value.Type, context: MusterRequestContext) async throws -> Value {
        try Self.decodeJSON(Value.self, from: try await body.collect(upTo: context.maxUploadSize))
    }

    /// Decodes an answer save's body: the byte-level reader takes strict JSON of the save's
    /// shape, and anything else goes to ``decodeJSON(as:context:)``'s decoder, whose answer
    /// (or error) stands.
    func decodeAnswerSubmission(context: MusterRequestContext) async throws -> AnswerSubmission {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        let fast = buffer.withUnsafeReadableBytes { AnswerSaveJSON.body($0.bindMemory(to: UInt8.self)) }
        return try fast ?? Self.decodeJSON(AnswerSubmission.self, from: buffer)
    }

    private static func decodeJSON<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Value.self, from: Data(buffer: buffer))
    }
}

/// Values read from a query or a JSON body, checked the same way by every route.
enum RequestValues {
    /// A date written `YYYY-MM-DD`; `invalid_date` naming `field` when it is not a real one.
    static func day(_ text: (some StringProtocol)?, field: String) throws -> CalendarDay? {
        try text.map { text in
            guard let day = CalendarDay(String(text)) else {
                throw MusterError(
                    .invalidInput, code: "invalid_date", "\(field) must be a real date written YYYY-MM-DD.")
            }
            return day
        }
    }

    /// A unit code filter: `invalid_unit` past 64 characters; `unit_not_found` for one with a NUL
    /// byte (no unit can have it, and PostgreSQL refuses it as text).
    static func unit(_ text: (some StringProtocol)?) throws -> String? {
        guard let text = text.map({ String($0) }) else { return nil }
        guard text.utf8.count <= 64 else {
            throw MusterError(.invalidInput, code: "invalid_unit", "unit may have at most 64 characters.")
        }
        guard !text.utf8.contains(0) else {
            throw MusterError(.notFound, code: "unit_not_found", "There is no unit with that code.")
        }
        return text
    }
}
