import Foundation
import MusterApp
import MusterFormats

/// The common run of a command that imports one file: read it, run the import as the local
/// operator, and print the report as JSON or as the command's summary.
enum FileImport {
    static func run<Report: Encodable & Sendable>(
        _ path: String,
        options: GlobalOptions,
        format: OutputFormat,
        _ importing: @Sendable (UseCases, UseCaseContext, SourceFile) async throws -> Report,
        summary: (Report) -> String
    ) async throws {
        let source = try BankFiles.read([path], progress: TerminalProgress())[0]
        let report = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await importing(useCases, context, source)
        }
        switch format {
        case .json: try Output.json(report)
        case .table: print(summary(report))
        }
    }
}
