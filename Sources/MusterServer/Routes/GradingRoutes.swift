import Foundation
import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// Results and marking: officers read their own results; trainers work the marking queue of
/// their sittings and mark essays and practical stations.
struct GradingRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/me/results") { _, context in
            Results(results: try await useCases.myResults(context: try context.caller(of: useCases)))
        }
        routes.add(.get, "/grading/queue") { request, context in
            let exam = request.uri.queryParameters.get("exam")
            return Queue(
                pending: try await useCases.gradingQueue(exam: exam, context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/sittings/{sitting}/release") { _, context in
            try await useCases.releaseResults(
                sitting: try context.parameters.require("sitting"), context: try context.caller(of: useCases))
        }
        routes.add(.post, "/attempts/{attempt}/marks/{position}") { request, context in
            let body = try await request.decodeJSON(as: MarkRequest.self, context: context)
            guard let position = context.parameters.get("position", as: Int.self) else {
                throw MusterError(.invalidInput, code: "invalid_position", "The position must be a whole number.")
            }
            return try await useCases.markPosition(
                attempt: try AttemptRoutes.attemptID(context), position: position, try body.input(), note: body.note,
                context: try context.caller(of: useCases))
        }
    }

    /// `{"rubric": {"1": "complete", …}}`, `{"points": 6.5}` or `{"measurement": 11.8}`, with an
    /// optional `"note"`.
    struct MarkRequest: Decodable {
        var rubric: [String: String]?
        var points: Double?
        var measurement: Double?
        var note: String?

        func input() throws -> MarkInput {
            switch (rubric, points, measurement) {
            case (let rubric?, nil, nil): return .rubric(rubric)
            case (nil, let points?, nil): return .points(points)
            case (nil, nil, let measurement?): return .measurement(measurement)
            default:
                throw MusterError(
                    .invalidInput, code: "invalid_mark", "Give exactly one of rubric, points or measurement.")
            }
        }
    }

    /// `{"results": [...]}`.
    struct Results: ResponseEncodable {
        var results: [OfficerResult]
    }

    /// `{"pending": [...]}`.
    struct Queue: ResponseEncodable {
        var pending: [PendingMark]
    }
}

extension MarkReceipt: ResponseEncodable {}

extension ResultRelease: ResponseEncodable {}
