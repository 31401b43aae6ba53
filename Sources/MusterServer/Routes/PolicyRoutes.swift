import Foundation
import Hummingbird
import MusterApp
import MusterDomain

/// The promotion policy: HR and trainers read it, admins load it.
struct PolicyRoutes {
    let useCases: UseCases
    /// The largest policy file accepted.
    static let maximumUploadSize = 1024 * 1024

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/policy") { _, context in
            PolicyResponse(active: try await useCases.activePolicy(context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/policy") { request, context -> Response in
            let upload = try await Upload.read(
                request, defaultName: "policy.yaml", maximumSize: Self.maximumUploadSize)
            let report = try await useCases.loadPolicy(
                upload.source, dryRun: upload.dryRun, context: try context.caller(of: useCases))
            return try context.responseEncoder.encode(report, from: request, context: context)
                .withStatus(report.outcome == .created ? .created : .ok)
        }
    }

    struct PolicyResponse: ResponseEncodable {
        var active: ActivePolicy
        func encode(to encoder: any Encoder) throws { try active.encode(to: encoder) }
    }
}

extension PolicyLoadReport: ResponseEncodable {}
