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
        routes.add(.get, "/banks") { _, context in
            try await BankList(banks: useCases.listBanks(context: context.caller(of: useCases)))
        }
        routes.add(.get, "/banks/{bank}", showBank)
    }

    /// The bank list's JSON body.
    struct BankList: ResponseEncodable {
        var banks: [BankVersion]
    }

    /// `POST /banks/import?file=NAME&format=auto|…&bank=NAME&dryRun=true` with the file as the body.
    @Sendable func importBank(_ request: Request, context: MusterRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard (query["bank"]?.count ?? 0) <= 64 else {
            throw MusterError(.invalidInput, code: "invalid_parameter", "bank may have at most 64 characters.")
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
        let upload = try await Upload.read(request, defaultName: "upload", maximumSize: Self.maximumUploadSize)
        let report = try await useCases.importBank(
            [upload.source],
            format: format,
            bankName: query["bank"].map(String.init),
            dryRun: upload.dryRun,
            context: try context.caller(of: useCases)
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
        return BankDetailResponse(
            detail: try await useCases.showBank(name, version: version, context: try context.caller(of: useCases)))
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
