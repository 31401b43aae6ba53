import Foundation
import Hummingbird

extension Request {
    /// Decodes a JSON body of at most the context's upload size.
    ///
    /// Decoding errors are left as they are, so ``APIError`` can name the failing field's path;
    /// unknown fields are ignored (the stated rule for every JSON body).
    func decodeJSON<Value: Decodable>(as type: Value.Type, context: MusterRequestContext) async throws -> Value {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Value.self, from: Data(buffer: buffer))
    }
}
