import Foundation
import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// A candidate's attempt as JSON, written byte by byte: at the start spike every candidate
/// receives their whole form at once, and encoding it through `JSONEncoder` was most of a
/// start's CPU. The text reads back (with `JSONDecoder`) as the same ``AttemptView`` the
/// synthesized encoding gives, member for member (tested in `AttemptViewJSONTests`).
enum AttemptViewJSON {
    /// The view's JSON, or nil when a number in it is not finite (the caller then leaves it to
    /// `JSONEncoder`, whose error stands).
    static func bytes(of view: AttemptView) -> [UInt8]? {
        var json = JSONWriter(capacity: 1024 + view.items.count * 512)
        json.raw(#"{"attempt":"#)
        attempt(view.attempt, into: &json)
        json.raw(#","secondsRemaining":"#)
        json.integer(view.secondsRemaining)
        json.raw(#","items":["#)
        for (index, item) in view.items.enumerated() {
            if index > 0 { json.raw(",") }
            guard candidateItem(item, into: &json) else { return nil }
        }
        json.raw(#"],"answers":["#)
        for (index, saved) in view.answers.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw(#"{"position":"#)
            json.integer(saved.position)
            json.raw(#","sequence":"#)
            json.integer(saved.sequence)
            if let answer = saved.answer {
                guard let text = AnswerSaveJSON.text(of: answer) else { return nil }
                json.raw(#","answer":"#)
                json.raw(text)
            }
            json.raw(#","flagged":"#)
            json.bool(saved.flagged)
            json.raw("}")
        }
        json.raw("]}")
        return json.bytes
    }

    private static func attempt(_ attempt: Attempt, into json: inout JSONWriter) {
        json.raw(#"{"id":"#)
        json.integer(attempt.id)
        json.raw(#","sitting":"#)
        json.string(attempt.sitting)
        json.raw(#","exam":"#)
        json.string(attempt.exam)
        json.raw(#","examVersion":"#)
        json.integer(attempt.examVersion)
        json.raw(#","badge":"#)
        json.string(attempt.badge)
        json.raw(#","number":"#)
        json.integer(attempt.number)
        json.raw(#","admittedAt":"#)
        json.date(attempt.admittedAt)
        json.raw(#","deadline":"#)
        json.date(attempt.deadline)
        json.raw(#","status":"#)
        json.string(attempt.status.rawValue)
        if let submittedAt = attempt.submittedAt {
            json.raw(#","submittedAt":"#)
            json.date(submittedAt)
        }
        if let submittedBy = attempt.submittedBy {
            json.raw(#","submittedBy":"#)
            json.string(submittedBy)
        }
        if let pausedAt = attempt.pausedAt {
            json.raw(#","pausedAt":"#)
            json.date(pausedAt)
        }
        json.raw("}")
    }

    private static func candidateItem(_ item: CandidateItem, into json: inout JSONWriter) -> Bool {
        json.raw(#"{"position":"#)
        json.integer(item.position)
        json.raw(#","section":"#)
        json.string(item.section)
        json.raw(#","kind":"#)
        json.string(item.kind)
        json.raw(#","prompt":"#)
        text(item.prompt, into: &json)
        json.raw(#","points":"#)
        guard json.number(item.points) else { return false }
        texts("options", item.options, into: &json)
        texts("left", item.left, into: &json)
        texts("right", item.right, into: &json)
        texts("entries", item.entries, into: &json)
        json.raw("}")
        return true
    }

    /// `,"name":[…]` when there is a list.
    private static func texts(_ name: StaticString, _ list: [LocalizedText]?, into json: inout JSONWriter) {
        guard let list else { return }
        json.raw(",\"")
        json.raw(name)
        json.raw("\":[")
        for (index, element) in list.enumerated() {
            if index > 0 { json.raw(",") }
            text(element, into: &json)
        }
        json.raw("]")
    }

    /// `{"translations":{"zh-CN":"…","en":"…"}}`.
    private static func text(_ text: LocalizedText, into json: inout JSONWriter) {
        json.raw(#"{"translations":{"#)
        for (index, (language, words)) in text.translations.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(language)
            json.raw(":")
            json.string(words)
        }
        json.raw("}}")
    }
}

/// The caller's attempt as a response: ``AttemptViewJSON`` on the fast path.
struct AttemptBody: ResponseGenerator {
    var view: AttemptView

    func response(from request: Request, context: some RequestContext) throws -> Response {
        guard let bytes = AttemptViewJSON.bytes(of: view) else {
            return try context.responseEncoder.encode(view, from: request, context: context)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
