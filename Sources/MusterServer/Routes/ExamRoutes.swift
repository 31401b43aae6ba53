import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// Exam definitions: trainers and admins read and create them.
struct ExamRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/exams") { _, context in
            ExamList(exams: try await useCases.listExams(context: try context.caller(of: useCases)))
        }
        routes.add(.get, "/exams/{exam}") { _, context in
            ExamResponse(
                stored: try await useCases.showExam(
                    try context.parameters.require("exam"), context: try context.caller(of: useCases)))
        }
        routes.add(.post, "/exams") { request, context -> Response in
            let upload = try await Upload.read(request, defaultName: "exam.yaml", maximumSize: 1024 * 1024)
            let report = try await useCases.createExam(
                upload.source, dryRun: upload.dryRun, context: try context.caller(of: useCases))
            return try context.responseEncoder.encode(report, from: request, context: context)
                .withStatus(report.outcome == .created ? .created : .ok)
        }
    }

    /// The exam list's JSON body.
    struct ExamList: ResponseEncodable {
        var exams: [StoredExam]
    }

    /// One exam version as JSON.
    struct ExamResponse: ResponseEncodable {
        var stored: StoredExam
        func encode(to encoder: any Encoder) throws { try stored.encode(to: encoder) }
    }
}

extension ExamCreateReport: ResponseEncodable {}
