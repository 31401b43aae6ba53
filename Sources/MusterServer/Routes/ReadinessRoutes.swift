import Foundation
import Hummingbird
import HummingbirdCore
import MusterApp
import MusterDomain

/// Promotion readiness: HR's list within their scope, one officer's explained verdict, and an
/// officer's own "what do I still need".
struct ReadinessRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/readiness") { request, context in
            let query = request.uri.queryParameters
            let unit = try RequestValues.unit(query["unit"])
            let within = try query["within"].map { text -> Int in
                guard let days = Int(text) else {
                    throw MusterError(.invalidInput, code: "invalid_window", "within must be a whole number of days.")
                }
                return days
            }
            let verdict = try query["verdict"].map { text -> EligibilityVerdict.Outcome in
                guard let verdict = EligibilityVerdict.Outcome(rawValue: String(text)) else {
                    throw MusterError(
                        .invalidInput, code: "invalid_verdict",
                        "verdict must be eligible, not_eligible or consideration.")
                }
                return verdict
            }
            let format = query["format"].map(String.init) ?? "json"
            guard ["json", "html"].contains(format) else {
                throw MusterError(.invalidInput, code: "invalid_format", "format must be json or html.")
            }
            let report = try await useCases.readiness(
                unit: unit, target: try Self.target(query), asOf: try Self.asOf(query), within: within,
                verdict: verdict, context: try context.caller(of: useCases))
            guard format == "html" else {
                return try ReportResponse(report: report).response(from: request, context: context)
            }
            let page = try ReportPages.readiness(report, generatedAt: ISO8601DateFormatter().string(from: Date()))
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
        }
        routes.add(.get, "/officers/{badge}/readiness") { request, context in
            VerdictResponse(
                verdict: try await useCases.explainReadiness(
                    badge: try context.parameters.require("badge"),
                    target: try Self.target(request.uri.queryParameters),
                    asOf: try Self.asOf(request.uri.queryParameters), context: try context.caller(of: useCases)))
        }
        routes.add(.get, "/me/readiness") { request, context in
            VerdictResponse(
                verdict: try await useCases.myReadiness(
                    target: try Self.target(request.uri.queryParameters),
                    asOf: try Self.asOf(request.uri.queryParameters), context: try context.caller(of: useCases)))
        }
    }

    /// `target=next|rank:CODE|post:CODE` (default next).
    static func target(_ query: FlatDictionary<Substring, Substring>) throws -> PromotionTarget {
        guard let text = query["target"] else { return .next }
        guard let target = PromotionTarget(String(text)) else {
            throw MusterError(.invalidInput, code: "invalid_target", "target must be next, rank:CODE or post:CODE.")
        }
        return target
    }

    /// `asOf=YYYY-MM-DD` (default today).
    static func asOf(_ query: FlatDictionary<Substring, Substring>) throws -> CalendarDay? {
        try RequestValues.day(query["asOf"], field: "asOf")
    }

    /// The readiness list as JSON.
    struct ReportResponse: ResponseEncodable {
        var report: ReadinessReport
        func encode(to encoder: any Encoder) throws { try report.encode(to: encoder) }
    }

    /// One verdict as JSON.
    struct VerdictResponse: ResponseEncodable {
        var verdict: EligibilityVerdict
        func encode(to encoder: any Encoder) throws { try verdict.encode(to: encoder) }
    }
}
