import Testing

@testable import MusterApp

/// When the answer writer starts another write: at once up to its usual number, one more only
/// for a long queue, never beyond.
@Suite("The answer writer's writes in flight")
struct AnswerWriterRuleTests {
    func starts(writing: Int, queued: Int) -> Bool {
        AnswerWriter.startsWriter(
            writing: writing, queued: queued, writers: 2, extraWriters: 1, backlogForExtraWriter: 64)
    }

    @Test func aSaveInAQuietRoomIsWrittenAtOnce() {
        #expect(starts(writing: 0, queued: 1))
        #expect(starts(writing: 1, queued: 1))
    }

    @Test func aShortQueueWaitsForTheWritesInFlight() {
        #expect(!starts(writing: 2, queued: 1))
        #expect(!starts(writing: 2, queued: 63))
    }

    @Test func aLongQueueStartsOneMoreWriteAndNoMore() {
        #expect(starts(writing: 2, queued: 64))
        #expect(starts(writing: 2, queued: 500))
        #expect(!starts(writing: 3, queued: 500))
    }
}
