import Foundation
import MusterDomain
import Testing

@testable import MusterApp

/// The session cache answers from memory for at most its lifetime, asks for one background read
/// in the second half of an entry's life, and never keeps a read that a sign-out overtook.
@Suite("Session cache")
struct SessionCacheTests {
    static let officer = Principal(userID: 7, username: "p100001", displayName: "王警官", badge: "P100001", grants: [])
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func isFresh(_ lookup: SessionCache.Lookup) -> Bool {
        if case .fresh(let principal) = lookup { return principal == officer }
        return false
    }

    static func isRefresh(_ lookup: SessionCache.Lookup) -> Bool {
        if case .refresh(let principal) = lookup { return principal == officer }
        return false
    }

    static func isMissing(_ lookup: SessionCache.Lookup) -> Bool {
        if case .missing = lookup { return true }
        return false
    }

    @Test("fresh for the first half of the lifetime, one background read before 80 %, gone at the lifetime")
    func lifetime() {
        for _ in 0..<50 {
            let cache = SessionCache(lifetime: 10)
            #expect(Self.isMissing(cache.lookup("h", at: Self.start)))
            #expect(cache.remember(Self.officer, for: "h", at: Self.start, readSince: cache.mark))
            #expect(Self.isFresh(cache.lookup("h", at: Self.start.addingTimeInterval(4.99))))
            #expect(Self.isRefresh(cache.lookup("h", at: Self.start.addingTimeInterval(8))))
            // Only the first caller past the point is asked to read; the others are answered.
            #expect(Self.isFresh(cache.lookup("h", at: Self.start.addingTimeInterval(9))))
            #expect(Self.isMissing(cache.lookup("h", at: Self.start.addingTimeInterval(10))))
        }
    }

    @Test("the background read's result starts a new lifetime")
    func refreshed() {
        let cache = SessionCache(lifetime: 10)
        cache.remember(Self.officer, for: "h", at: Self.start, readSince: cache.mark)
        #expect(Self.isRefresh(cache.lookup("h", at: Self.start.addingTimeInterval(8))))
        cache.remember(Self.officer, for: "h", at: Self.start.addingTimeInterval(8), readSince: cache.mark)
        #expect(Self.isFresh(cache.lookup("h", at: Self.start.addingTimeInterval(12))))
        #expect(Self.isMissing(cache.lookup("h", at: Self.start.addingTimeInterval(18))))
    }

    @Test("a read that began before a sign-out or an account change is not kept")
    func overtakenReads() {
        let cache = SessionCache(lifetime: 10)
        let signOut = cache.mark
        cache.forget("other")
        #expect(!cache.remember(Self.officer, for: "h", at: Self.start, readSince: signOut))
        #expect(Self.isMissing(cache.lookup("h", at: Self.start)))

        let change = cache.mark
        cache.remember(Self.officer, for: "h", at: Self.start, readSince: change)
        cache.forgetAll()
        #expect(Self.isMissing(cache.lookup("h", at: Self.start)))
        #expect(!cache.remember(Self.officer, for: "h", at: Self.start, readSince: change))

        // A read that found its own session gone changes nothing for the others in flight.
        let reading = cache.mark
        cache.drop("gone")
        #expect(cache.remember(Self.officer, for: "h", at: Self.start, readSince: reading))
        #expect(Self.isFresh(cache.lookup("h", at: Self.start)))
    }
}
