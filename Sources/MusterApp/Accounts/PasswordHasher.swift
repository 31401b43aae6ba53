import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with bcrypt, off the cooperative thread pool.
///
/// bcrypt is slow on purpose (a quarter of a second at cost 12); running it on NIO's blocking
/// thread pool keeps request handling responsive while logins are checked.
public struct PasswordHasher: Sendable {
    /// bcrypt's work factor: each step doubles the time. 4 is the minimum (for tests only).
    public let cost: UInt8

    public init(cost: UInt8 = 12) {
        self.cost = max(4, min(cost, 31))
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// A well-formed bcrypt hash at this hasher's cost, checked against when there is no real
    /// hash (an unknown user): the check costs what a real one costs, so unknown users take as
    /// long as known ones. Sign-in never succeeds on it, whatever the check says, because it
    /// also needs an account.
    public var decoyHash: String {
        "$2b$" + (cost < 10 ? "0" : "") + "\(cost)$" + "LQv3c1yqBWVHxkd0LHAkCO" + "Yz6TtxMQJqhN8/LewdBPj4J/HS.iKFW"
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
