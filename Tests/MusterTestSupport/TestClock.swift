import Foundation
import MusterDomain

/// A clock tests can move forward.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        instant = start
    }

    /// Moves time forward.
    public func advance(by seconds: TimeInterval) {
        lock.withLock { instant += seconds }
    }

    /// The clock as the use cases take it.
    public var wallClock: WallClock {
        WallClock { [self] in lock.withLock { instant } }
    }
}
