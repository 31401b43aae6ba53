/// Runs `body` in a child task and returns its result.
///
/// A connection's requests all run on one task, and a task keeps the memory of the deepest
/// stack of async frames it has ever used until it ends: after one deep request (a sign-in, an
/// exam start, a hand-in with its grading), every kept-alive exam-room connection would hold
/// tens of kilobytes for the rest of the morning. A child task's frames are freed when it ends,
/// so the once-per-candidate routes run here and leave the connection's task the depth of an
/// answer save. Task-local values and cancellation reach the child as usual.
func onOwnStack<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
    async let result = body()
    return try await result
}
