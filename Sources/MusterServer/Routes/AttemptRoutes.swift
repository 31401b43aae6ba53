import Foundation
import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// Exam delivery: an officer starts (or resumes) their attempt in a sitting, reads their form,
/// saves answers and hands the attempt in. Every route answers for the caller's own attempt only.
struct AttemptRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.post, "/sittings/{sitting}/attempts", start)
        routes.add(.get, "/attempts/{attempt}") { _, context in
            AttemptBody(
                view: try await useCases.attemptView(
                    try Self.attemptID(context), context: try context.caller(of: useCases)))
        }
        routes.add(.put, "/attempts/{attempt}/answers/{position}") { request, context in
            let submission = try await request.decodeAnswerSubmission(context: context)
            guard let position = context.parameters.get("position", as: Int.self) else {
                throw MusterError(.invalidInput, code: "invalid_position", "The position must be a whole number.")
            }
            return try await useCases.saveAnswer(
                try Self.attemptID(context), position: position, submission, context: try context.caller(of: useCases))
        }
        routes.add(.get, "/sittings/{sitting}/monitor") { _, context in
            MonitorBody(
                monitor: try await useCases.monitorSitting(
                    try context.parameters.require("sitting"), context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/attempts/{attempt}/extend") { request, context in
            let body = try await request.decodeJSON(as: ExtendRequest.self, context: context)
            let deadline = try await useCases.extendAttempt(
                try Self.attemptID(context), minutes: body.minutes, reason: body.reason,
                context: try context.caller(of: useCases))
            return Extended(deadline: deadline)
        }
        routes.add(.post, "/attempts/{attempt}/pause") { request, context in
            let body = try await request.decodeJSON(as: VoidRequest.self, context: context)
            return AttemptStatus(
                attempt: try await useCases.pauseAttempt(
                    try Self.attemptID(context), reason: body.reason, context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/attempts/{attempt}/resume") { request, context in
            let body = try await request.decodeJSON(as: VoidRequest.self, context: context)
            return AttemptStatus(
                attempt: try await useCases.resumeAttempt(
                    try Self.attemptID(context), reason: body.reason, context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/attempts/{attempt}/void") { request, context -> Response in
            let body = try await request.decodeJSON(as: VoidRequest.self, context: context)
            try await useCases.voidAttempt(
                try Self.attemptID(context), reason: body.reason, context: try context.caller(of: useCases))
            return Response(status: .noContent)
        }
        routes.add(.post, "/attempts/{attempt}/submit") { _, context in
            let (id, caller) = (try Self.attemptID(context), try context.caller(of: useCases))
            return try await useCases.submitAttempt(id, context: caller)
        }
    }

    /// Starts or resumes an attempt. Starts reach this route through the admission gate
    /// (``AdmittingResponder``), which answers 202 with the caller's place when too many wait.
    @Sendable func start(_ request: Request, context: MusterRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: StartRequest.self, context: context)
        let code = try context.parameters.require("sitting")
        let caller = try context.caller(of: useCases)
        let view = try await useCases.startAttempt(sitting: code, accessCode: body.accessCode, context: caller)
        return try AttemptBody(view: view).response(from: request, context: context)
    }

    /// The attempt id from the path; anything else names no attempt of the caller's.
    static func attemptID(_ context: MusterRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("attempt", as: Int64.self) else {
            throw MusterError(.notFound, code: "attempt_not_found", "There is no such attempt of yours.")
        }
        return id
    }

    /// `{"minutes": 10, "reason": "…"}`.
    struct ExtendRequest: Decodable {
        var minutes: Int
        var reason: String
    }

    /// An attempt as the proctor's action left it.
    struct AttemptStatus: ResponseEncodable {
        var attempt: Attempt
        func encode(to encoder: any Encoder) throws { try attempt.encode(to: encoder) }
    }

    /// `{"reason": "…"}` (void, pause, resume).
    struct VoidRequest: Decodable {
        var reason: String
    }

    /// The new deadline.
    struct Extended: ResponseEncodable {
        var deadline: Date
    }

    /// The live view as JSON.
    struct MonitorBody: ResponseEncodable {
        var monitor: SittingMonitor
        func encode(to encoder: any Encoder) throws { try monitor.encode(to: encoder) }
    }

    /// `{"accessCode": "…"}`.
    struct StartRequest: Decodable {
        var accessCode: String
    }
}

/// Every save is answered with an acknowledgement, so it is written byte by byte (its fields are
/// numbers and a fixed word) rather than through `JSONEncoder`; the terminal client reads it with
/// `JSONDecoder` (tested end to end in `TakeTerminalTests` and `DurabilityTests`).
extension SaveAcknowledgement: ResponseGenerator {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }

    /// The acknowledgement's JSON, as the save route and the answer stream send it.
    var json: String {
        #"{"position":\#(position),"sequence":\#(sequence),"outcome":"\#(outcome.rawValue)","#
            + #""secondsRemaining":\#(secondsRemaining)}"#
    }
}
extension SubmitReceipt: ResponseEncodable {}
