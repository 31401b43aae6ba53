import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// The unit tree: every signed-in user reads it, admins import it.
struct UnitRoutes {
    let useCases: UseCases
    /// The largest unit file accepted in one upload.
    static let maximumUploadSize = 4 * 1024 * 1024

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/units") { _, context in
            UnitList(units: try await useCases.listUnits(context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/units/import") { request, context in
            let upload = try await Upload.read(request, defaultName: "units.csv", maximumSize: Self.maximumUploadSize)
            return try await useCases.importUnits(
                upload.source, dryRun: upload.dryRun, context: try context.caller(of: useCases))
        }
    }

    /// The unit list's JSON body: each unit flat, with its depth and officer counts.
    struct UnitList: ResponseEncodable {
        var units: [UnitWithCounts]
    }
}

extension UnitImportReport: ResponseEncodable {}
