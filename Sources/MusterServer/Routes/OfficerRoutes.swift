import Foundation
import Hummingbird
import MusterApp
import MusterDomain
import MusterFormats

/// The roster: HR reads it, admins import it.
struct OfficerRoutes {
    let useCases: UseCases
    /// The largest roster file accepted in one upload.
    static let maximumUploadSize = 64 * 1024 * 1024

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/officers", list)
        routes.add(.get, "/officers/{badge}") { _, context in
            OfficerResponse(record: try await useCases.officerRecord(badge: try context.parameters.require("badge")))
        }
        routes.add(.post, "/officers/import", importRoster)
        routes.add(.post, "/records/{kind}/import", importRecords)
    }

    @Sendable func importRecords(_ request: Request, context: MusterRequestContext) async throws -> RecordImportReport {
        let kindText = try context.parameters.require("kind")
        guard let kind = RecordKind(rawValue: kindText) else {
            throw MusterError(
                .invalidInput,
                code: "invalid_kind",
                "'\(kindText.prefix(64))' is not a record kind; use \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        let (source, dryRun) = try await upload(request, defaultName: "\(kind.rawValue).csv")
        return try await useCases.importRecords(kind, source, dryRun: dryRun, actor: try context.actor())
    }

    /// The uploaded CSV body, its file name and whether this is a dry run.
    func upload(_ request: Request, defaultName: String) async throws -> (BankSource, Bool) {
        let body = try await request.body.collect(upTo: Self.maximumUploadSize)
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw MusterError(.invalidInput, code: "file_not_utf8", "The uploaded file is not UTF-8 text.")
        }
        let fileName = request.uri.queryParameters["file"].map(String.init) ?? defaultName
        guard fileName.count <= 255 else {
            throw MusterError(.invalidInput, code: "invalid_parameter", "file may have at most 255 characters.")
        }
        let dryRun = request.uri.queryParameters["dryRun"].map { $0 == "true" || $0 == "1" } ?? false
        return (BankSource(fileName: fileName, text: text), dryRun)
    }

    @Sendable func list(_ request: Request, context: MusterRequestContext) async throws -> OfficerList {
        let query = request.uri.queryParameters
        for name in ["unit", "rank"] where (query[Substring(name)]?.count ?? 0) > 64 {
            throw MusterError(.invalidInput, code: "invalid_\(name)", "\(name) may have at most 64 characters.")
        }
        return OfficerList(
            officers: try await useCases.listOfficers(
                unit: query["unit"].map(String.init), rank: query["rank"].map(String.init))
        )
    }

    @Sendable func importRoster(_ request: Request, context: MusterRequestContext) async throws -> RosterImportReport {
        let (source, dryRun) = try await upload(request, defaultName: "roster.csv")
        return try await useCases.importOfficers(source, dryRun: dryRun, actor: try context.actor())
    }

    struct OfficerList: ResponseEncodable {
        var officers: [Officer]
    }

    struct OfficerResponse: ResponseEncodable {
        var record: OfficerRecord
        func encode(to encoder: any Encoder) throws { try record.encode(to: encoder) }
    }
}

extension RosterImportReport: ResponseEncodable {}
extension RecordImportReport: ResponseEncodable {}
