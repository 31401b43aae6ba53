/// The force's unit tree, and what applying a unit file to it would change.
///
/// A unit file adds units and renames or moves the ones it mentions; it never removes a unit it
/// does not mention. The merged tree must keep one root, every parent known and no cycle.
public struct UnitTree: Sendable {
    /// The units by code.
    public private(set) var units: [String: Unit]

    /// A tree of `units`.
    public init(_ units: [Unit]) {
        self.units = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// What a file does to one unit.
    public enum Change: String, Sendable, Codable {
        case created, renamed, moved
        case renamedAndMoved = "renamed-and-moved"
        case unchanged
    }

    /// Why a unit in a file cannot be applied.
    public enum Problem: Error, Sendable, Equatable {
        /// The parent is neither in the tree nor in the file.
        case unknownParent(String)
        /// Following parents from this unit comes back to it.
        case cycle([String])
        /// The unit has no parent, but the tree already has another root.
        case secondRoot(existing: String)
    }

    /// Each incoming unit's change, or its problem, in file order.
    public func plan(_ incoming: [Unit]) -> [Result<Change, Problem>] {
        var merged = self
        for unit in incoming { merged.units[unit.code] = unit }
        let roots = merged.units.values.filter { $0.parentCode == nil }.map(\.code).sorted()
        return incoming.map { unit in
            if let parent = unit.parentCode, merged.units[parent] == nil {
                return .failure(.unknownParent(parent))
            }
            if let cycle = merged.cycle(from: unit.code) { return .failure(.cycle(cycle)) }
            if unit.parentCode == nil, let other = roots.first(where: { $0 != unit.code }) {
                return .failure(.secondRoot(existing: other))
            }
            guard let old = units[unit.code] else { return .success(.created) }
            let renamed = old.nameZh != unit.nameZh || old.nameEn != unit.nameEn
            let moved = old.parentCode != unit.parentCode
            return .success(
                renamed && moved ? .renamedAndMoved : renamed ? .renamed : moved ? .moved : .unchanged)
        }
    }

    /// The codes around a cycle reached by following parents from `code`, if there is one.
    func cycle(from code: String) -> [String]? {
        var path = [code]
        var seen: Set<String> = [code]
        var current = units[code]?.parentCode
        while let next = current {
            if next == code { return path + [code] }
            guard seen.insert(next).inserted else { return nil }  // a cycle above, reported by its own units
            path.append(next)
            current = units[next]?.parentCode
        }
        return nil
    }

    /// How many parents are above `code` (0 for a root).
    public func depth(of code: String) -> Int {
        var depth = 0
        var current = units[code]?.parentCode
        while let next = current, depth <= units.count {
            depth += 1
            current = units[next]?.parentCode
        }
        return depth
    }

    /// Whether `code` is one of `roots` or lies below one of them.
    public func isWithin(_ code: String, roots: Set<String>) -> Bool {
        var current: String? = code
        var steps = 0
        while let next = current, steps <= units.count {
            if roots.contains(next) { return true }
            current = units[next]?.parentCode
            steps += 1
        }
        return false
    }

    /// The tree with `incoming` applied (call after ``plan(_:)`` found no problem).
    public func applying(_ incoming: [Unit]) -> UnitTree {
        var merged = self
        for unit in incoming { merged.units[unit.code] = unit }
        return merged
    }
}
