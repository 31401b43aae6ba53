import Foundation
import Hummingbird
import MusterApp
import MusterDomain
import MusterFormats

/// The roster and HR records: HR reads within its scope, officers read their own record,
/// admins import.
struct OfficerRoutes {
    let useCases: UseCases
    /// The largest roster or records file accepted in one upload.
    static let maximumUploadSize = 64 * 1024 * 1024

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/officers", list)
        routes.add(.get, "/officers/me") { _, context in
            OfficerResponse(record: try await useCases.myRecord(context: try context.caller(of: useCases)))
        }
        routes.add(.get, "/officers/{badge}") { _, context in
            OfficerResponse(
                record: try await useCases.officerRecord(
                    badge: try context.parameters.require("badge"), context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/officers/import") { request, context in
            let upload = try await Upload.read(
                request, defaultName: "roster.csv", maximumSize: Self.maximumUploadSize)
            return try await useCases.importOfficers(
                upload.source, dryRun: upload.dryRun, context: try context.caller(of: useCases))
        }
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
        let upload = try await Upload.read(
            request, defaultName: "\(kind.rawValue).csv", maximumSize: Self.maximumUploadSize)
        return try await useCases.importRecords(
            kind, upload.source, dryRun: upload.dryRun, context: try context.caller(of: useCases))
    }

    @Sendable func list(_ request: Request, context: MusterRequestContext) async throws -> OfficerList {
        let query = request.uri.queryParameters
        for name in ["unit", "rank"] where (query[Substring(name)]?.count ?? 0) > 64 {
            throw MusterError(.invalidInput, code: "invalid_\(name)", "\(name) may have at most 64 characters.")
        }
        return OfficerList(
            officers: try await useCases.listOfficers(
                unit: query["unit"].map(String.init), rank: query["rank"].map(String.init),
                context: try context.caller(of: useCases))
        )
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
