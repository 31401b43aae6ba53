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
        routes.add(.get, "/policy") { _, _ in PolicyResponse(active: try await useCases.activePolicy()) }
        routes.add(.post, "/policy") { request, context -> Response in
            let body = try await request.body.collect(upTo: Self.maximumUploadSize)
            guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                throw MusterError(.invalidInput, code: "file_not_utf8", "The uploaded policy is not UTF-8 text.")
            }
            let dryRun = request.uri.queryParameters["dryRun"].map { $0 == "true" || $0 == "1" } ?? false
            let report = try await useCases.loadPolicy(
                BankSource(fileName: "policy.yaml", text: text),
                dryRun: dryRun,
                actor: try context.actor()
            )
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
