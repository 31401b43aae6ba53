import Foundation
import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// Promotion rounds for HR and admins within their units: freeze a list, read it, record
/// promotions from it.
struct PromotionRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/promotions/rounds") { _, context in
            RoundList(rounds: try await useCases.promotionRounds(context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/promotions/rounds") { request, context in
            let body = try await request.decodeJSON(as: CreateRequest.self, context: context)
            guard let target = body.target.flatMap(PromotionTarget.init) else {
                throw MusterError(
                    .invalidInput, code: "invalid_target", "target is required: next, rank:CODE or post:CODE.")
            }
            return RoundResponse(
                round: try await useCases.createRound(
                    target: target, asOf: try RequestValues.day(body.asOf, field: "asOf"),
                    unit: try RequestValues.unit(body.unit),
                    vacancies: body.vacancies, context: try context.caller(of: useCases)))
        }
        routes.add(.get, "/promotions/rounds/{round}") { _, context in
            RoundResponse(
                round: try await useCases.promotionRound(
                    try Self.roundID(context), context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/promotions/rounds/{round}/promotions") { request, context in
            let body = try await request.decodeJSON(as: PromoteRequest.self, context: context)
            return try await useCases.promote(
                badge: body.badge, round: try Self.roundID(context),
                effective: try RequestValues.day(body.effective, field: "effective"),
                context: try context.caller(of: useCases))
        }
    }

    static func roundID(_ context: MusterRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("round", as: Int64.self) else {
            throw MusterError(.notFound, code: "round_not_found", "There is no such promotion round.")
        }
        return id
    }

    /// `{"target": "next", "asOf": "2026-06-30", "unit": "PSB.EAST", "vacancies": 2}`.
    struct CreateRequest: Decodable {
        var target: String?
        var asOf: String?
        var unit: String?
        var vacancies: Int?
    }

    /// `{"badge": "P100001", "effective": "2026-07-01"}`.
    struct PromoteRequest: Decodable {
        var badge: String
        var effective: String?
    }

    /// The rounds' JSON body.
    struct RoundList: ResponseEncodable {
        var rounds: [StoredRound]
    }

    /// One round as JSON.
    struct RoundResponse: ResponseEncodable {
        var round: StoredRound
        func encode(to encoder: any Encoder) throws { try round.encode(to: encoder) }
    }
}

extension PromotionRecorded: ResponseEncodable {}
