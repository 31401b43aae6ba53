/// An organisational unit of the force: the bureau, a sub-bureau, a station or a team.
///
/// Units form a tree through ``parentCode``; the root (the bureau) has none.
public struct Unit: Sendable, Equatable, Codable, Hashable {
    /// A short stable code, unique across the force, such as `PSB.EAST.S1`.
    public var code: String
    /// The code of the unit this one belongs to, or `nil` for the root.
    public var parentCode: String?
    /// The unit's name in Chinese.
    public var nameZh: String
    /// The unit's name in English.
    public var nameEn: String

    /// Whether `code` fits a unit code: 1-64 letters, digits, dots, dashes or underscores.
    public static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= 64
            && code.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2E || byte == 0x2D || byte == 0x5F
            }
    }

    /// Creates a unit.
    public init(code: String, parentCode: String?, nameZh: String, nameEn: String) {
        self.code = code
        self.parentCode = parentCode
        self.nameZh = nameZh
        self.nameEn = nameEn
    }
}

extension Array where Element == Unit {
    /// The units ordered so that every parent comes before its children.
    ///
    /// - Throws: ``MusterError`` when a parent is unknown or the parents form a cycle.
    public func orderedParentsFirst() throws -> [Unit] {
        let byCode = Dictionary(map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var placed: Set<String> = []
        var ordered: [Unit] = []
        var remaining = self
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.parentCode.map(placed.contains) ?? true }
            guard !ready.isEmpty else {
                let stuck = remaining[0]
                let reason =
                    stuck.parentCode.flatMap { byCode[$0] } == nil
                    ? "names unknown parent '\(stuck.parentCode ?? "")'" : "is part of a cycle of parents"
                throw MusterError(.invalidInput, code: "unit_tree_invalid", "Unit \(stuck.code) \(reason).")
            }
            ordered += ready
            placed.formUnion(ready.map(\.code))
            remaining.removeAll { unit in ready.contains { $0.code == unit.code } }
        }
        return ordered
    }
}
