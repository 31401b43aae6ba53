import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// Training tracks (every signed-in user reads them), attendance (trainers record it) and
/// compliance (HR, trainers and admins read it, within their scope).
struct TrackRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/compliance", compliance)
        routes.add(.post, "/training/import") { request, context in
            let upload = try await Upload.read(request, defaultName: "training.csv", maximumSize: 16 * 1024 * 1024)
            return try await useCases.importAttendance(
                upload.source, dryRun: upload.dryRun, context: try context.caller(of: useCases))
        }
        routes.add(.get, "/tracks") { _, context in
            TrackList(tracks: try await useCases.listTracks(context: try context.caller(of: useCases)))
        }
        routes.add(.get, "/tracks/{track}") { _, context in
            TrackResponse(
                stored: try await useCases.showTrack(
                    try context.parameters.require("track"), context: try context.caller(of: useCases)))
        }
    }

    /// `GET /compliance?unit=&track=&asOf=YYYY-MM-DD&expiring=DAYS` within the caller's scope.
    @Sendable func compliance(_ request: Request, context: MusterRequestContext) async throws -> ComplianceResponse {
        let query = request.uri.queryParameters
        for name in ["unit", "track"] where (query[Substring(name)]?.count ?? 0) > 64 {
            throw MusterError(.invalidInput, code: "invalid_\(name)", "\(name) may have at most 64 characters.")
        }
        let asOf = try RequestValues.day(query["asOf"], field: "asOf")
        let days = try query["expiring"].map { text -> Int in
            guard let days = Int(text) else {
                throw MusterError(.invalidInput, code: "invalid_window", "expiring must be a whole number of days.")
            }
            return days
        }
        return ComplianceResponse(
            report: try await useCases.compliance(
                unit: query["unit"].map(String.init), track: query["track"].map(String.init), asOf: asOf,
                expiringWithin: days ?? 30, context: try context.caller(of: useCases)))
    }

    /// The compliance report as JSON.
    struct ComplianceResponse: ResponseEncodable {
        var report: ComplianceReport
        func encode(to encoder: any Encoder) throws { try report.encode(to: encoder) }
    }

    /// The track list's JSON body.
    struct TrackList: ResponseEncodable {
        var tracks: [StoredTrack]
    }

    /// One track version as JSON.
    struct TrackResponse: ResponseEncodable {
        var stored: StoredTrack
        func encode(to encoder: any Encoder) throws { try stored.encode(to: encoder) }
    }
}

extension AttendanceImportReport: ResponseEncodable {}
