import Foundation
import Hummingbird
import MusterDomain
import MusterFormats

/// An uploaded file: its body as text, the name diagnostics cite (`?file=NAME`) and whether the
/// caller asked only to check it (`?dryRun=true`).
struct Upload {
    var source: SourceFile
    var dryRun: Bool

    /// Reads the request body as one UTF-8 file of at most `maximumSize` bytes.
    static func read(_ request: Request, defaultName: String, maximumSize: Int) async throws -> Upload {
        let query = request.uri.queryParameters
        let fileName = query["file"].map(String.init) ?? defaultName
        guard fileName.count <= 255 else {
            throw MusterError(.invalidInput, code: "invalid_parameter", "file may have at most 255 characters.")
        }
        let body = try await request.body.collect(upTo: maximumSize)
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw MusterError(.invalidInput, code: "file_not_utf8", "The uploaded file is not UTF-8 text.")
        }
        let dryRun = query["dryRun"].map { $0 == "true" || $0 == "1" } ?? false
        return Upload(source: SourceFile(fileName: fileName, text: text), dryRun: dryRun)
    }
}
