import Foundation

/// The source of "now" for rules that depend on time.
///
/// Deadlines, certificate validity and eligibility dates are decided against an injected clock,
/// never against scattered `Date()` calls, so tests can pin time.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `read` each time it is asked.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The current instant.
    public func now() -> Date { read() }

    /// The system clock.
    public static let system = WallClock { Date() }

    /// A clock stopped at `instant`.
    public static func fixed(_ instant: Date) -> WallClock { WallClock { instant } }
}
