import Foundation
import Hummingbird
import MusterApp
import MusterDomain
import MusterFormats

/// Question bank routes: upload (import or check) and read.
struct BankRoutes {
    let useCases: UseCases
    /// The largest bank file accepted in one upload.
    static let maximumUploadSize = 8 * 1024 * 1024

    func register(on routes: SecuredRoutes) {
        routes.add(.post, "/banks/import", importBank)
        routes.add(.get, "/banks") { _, _ in try await BankList(banks: useCases.listBanks()) }
        routes.add(.get, "/banks/{bank}", showBank)
    }

    /// The bank list's JSON body.
    struct BankList: ResponseEncodable {
        var banks: [BankVersion]
    }

    /// `POST /banks/import?file=NAME&format=auto|…&bank=NAME&dryRun=true` with the file as the body.
    @Sendable func importBank(_ request: Request, context: MusterRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let fileName = query["file"].map(String.init) ?? "upload"
        guard fileName.count <= 255, (query["bank"]?.count ?? 0) <= 64 else {
            throw MusterError(
                .invalidInput, code: "invalid_parameter", "file may have at most 255 characters and bank 64.")
        }
        let format = try query["format"].map(String.init).flatMap { text -> BankFormat? in
            guard text != "auto" else { return nil }
            guard let format = BankFormat(rawValue: text) else {
                throw MusterError(
                    .invalidInput,
                    code: "invalid_format",
                    "format '\(text)' is not one of auto, \(BankFormat.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            return format
        }
        let dryRun = query["dryRun"].map { $0 == "true" || $0 == "1" } ?? false
        let body = try await request.body.collect(upTo: Self.maximumUploadSize)
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw MusterError(.invalidInput, code: "file_not_utf8", "The uploaded file is not UTF-8 text.")
        }
        let source = BankSource(fileName: fileName, text: text)
        let bankName = query["bank"].map(String.init)
        let report =
            dryRun
            ? try UseCases.checkBank([source], format: format, bankName: bankName)
            : try await useCases.importBank(
                [source],
                format: format,
                bankName: bankName,
                actor: try context.actor(),
                requestID: context.requestID
            )
        let status: HTTPResponse.Status = report.outcome == .created ? .created : .ok
        return try context.responseEncoder.encode(report, from: request, context: context).withStatus(status)
    }

    @Sendable func showBank(_ request: Request, context: MusterRequestContext) async throws -> BankDetailResponse {
        let name = try context.parameters.require("bank")
        let version = try request.uri.queryParameters["version"].map { text -> Int in
            guard let value = Int(text), (1...Int(Int32.max)).contains(value) else {
                throw MusterError(
                    .invalidInput, code: "invalid_version", "version '\(text)' is not a positive whole number.")
            }
            return value
        }
        return BankDetailResponse(detail: try await useCases.showBank(name, version: version))
    }

    /// A bank version as JSON.
    struct BankDetailResponse: ResponseEncodable {
        var detail: BankDetail

        func encode(to encoder: any Encoder) throws { try detail.encode(to: encoder) }
    }
}

extension Response {
    /// The same response with another status.
    func withStatus(_ status: HTTPResponse.Status) -> Response {
        var copy = self
        copy.status = status
        return copy
    }
}

extension BankImportReport: ResponseEncodable {}
