import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// Sittings: trainers and admins schedule and manage them within their scope, proctors read the
/// ones they run, and every officer lists their own.
struct SittingRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/me/sittings") { _, context in
            MySittings(sittings: try await useCases.mySittings(context: try context.caller(of: useCases)))
        }
        routes.add(.get, "/sittings", list)
        routes.add(.post, "/sittings") { request, context -> Response in
            let plan = try await request.decodeJSON(as: SittingPlan.self, context: context)
            let sitting = try await useCases.scheduleSitting(plan, context: try context.caller(of: useCases))
            return try context.responseEncoder.encode(SittingBody(sitting: sitting), from: request, context: context)
                .withStatus(.created)
        }
        routes.add(.get, "/sittings/{sitting}") { _, context in
            SittingDetailBody(
                detail: try await useCases.showSitting(
                    try context.parameters.require("sitting"), context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/sittings/{sitting}/enrollments") { request, context in
            let body = try await request.decodeJSON(as: EnrollmentRequest.self, context: context)
            return try await useCases.enroll(
                body.candidates.map { Candidate(badge: $0.badge, accommodationMinutes: $0.accommodationMinutes ?? 0) },
                in: try context.parameters.require("sitting"), context: try context.caller(of: useCases))
        }
        routes.add(.delete, "/sittings/{sitting}/enrollments/{badge}") { _, context in
            try await useCases.withdraw(
                try context.parameters.require("badge"), from: try context.parameters.require("sitting"),
                context: try context.caller(of: useCases))
        }
        routes.add(.post, "/sittings/{sitting}/reschedule") { request, context in
            let change = try await request.decodeJSON(as: SittingChange.self, context: context)
            return SittingBody(
                sitting: try await useCases.rescheduleSitting(
                    try context.parameters.require("sitting"), change, context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/sittings/{sitting}/cancel") { request, context in
            let body = try await request.decodeJSON(as: CancelRequest.self, context: context)
            return SittingBody(
                sitting: try await useCases.cancelSitting(
                    try context.parameters.require("sitting"), reason: body.reason,
                    context: try context.caller(of: useCases)))
        }
    }

    /// `GET /sittings?from=YYYY-MM-DD&to=YYYY-MM-DD` within the caller's scope.
    @Sendable func list(_ request: Request, context: MusterRequestContext) async throws -> SittingList {
        let query = request.uri.queryParameters
        let days = try ["from", "to"].map { name in try RequestValues.day(query[Substring(name)], field: name) }
        return SittingList(
            sittings: try await useCases.listSittings(
                from: days[0], to: days[1], context: try context.caller(of: useCases)))
    }

    /// `{"candidates": [{"badge": "P100001", "accommodationMinutes": 15}]}`.
    struct EnrollmentRequest: Decodable {
        struct Entry: Decodable {
            var badge: String
            var accommodationMinutes: Int?
        }
        var candidates: [Entry]
    }

    /// `{"reason": "…"}`.
    struct CancelRequest: Decodable {
        var reason: String
    }

    struct SittingList: ResponseEncodable {
        var sittings: [Sitting]
    }

    struct MySittings: ResponseEncodable {
        var sittings: [OfficerSitting]
    }

    /// One sitting as JSON.
    struct SittingBody: ResponseEncodable {
        var sitting: Sitting
        func encode(to encoder: any Encoder) throws { try sitting.encode(to: encoder) }
    }

    /// A sitting with its candidates as JSON.
    struct SittingDetailBody: ResponseEncodable {
        var detail: SittingDetail
        func encode(to encoder: any Encoder) throws { try detail.encode(to: encoder) }
    }
}

extension EnrollmentReport: ResponseEncodable {}
