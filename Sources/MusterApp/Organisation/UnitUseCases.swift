import Foundation
import MusterDomain
import MusterFormats
import MusterStore

/// What a unit import did, or would do with `--dry-run`.
public struct UnitImportReport: Sendable, Codable, Equatable {
    public var file: String
    public var dryRun: Bool
    public var created: Int
    /// Units whose names changed (and, for some, their parent too).
    public var renamed: Int
    /// Units that moved to another parent (and, for some, were renamed too).
    public var moved: Int
    public var unchanged: Int
}

extension UseCases {
    /// Imports a unit tree file (`code,parent,name[,name_en]`), all or nothing: new units are
    /// added, mentioned ones renamed or moved (audited with before and after), units the file
    /// does not mention are kept. A caller scoped to a unit changes only units below it.
    ///
    /// - Throws: ``MusterError`` `units_rejected` listing every problem as `file:line:column: …`.
    public func importUnits(
        _ source: SourceFile, dryRun: Bool = false, context: UseCaseContext
    ) async throws -> UnitImportReport {
        let scope = try context.officerScope(for: .importUnits)
        let (rows, diagnostics) = UnitsCSVParser().parse(source.text, file: source.fileName)
        try MusterError.rejectingErrors(in: diagnostics, code: "units_rejected", file: source.fileName)
        let repository = UnitRepository(logger: context.logger)
        return try await transaction(context) { connection in
            try await OrganisationLock.acquire(on: connection, logger: context.logger)
            let tree = UnitTree(try await repository.all(on: connection))
            let incoming = rows.map(\.unit)
            let merged = tree.applying(incoming)
            var problems: [Diagnostic] = []
            var changes: [UnitTree.Change] = []
            for (row, outcome) in zip(rows, tree.plan(incoming)) {
                let at = { (column: String) in row.position(column, file: source.fileName) }
                switch outcome {
                case .failure(.unknownParent(let parent)):
                    problems.append(Diagnostic(.error, at: at("parent"), "unknown parent unit '\(parent)'"))
                case .failure(.cycle(let path)):
                    problems.append(
                        Diagnostic(
                            .error, at: at("parent"),
                            "unit \(row.unit.code) would be its own ancestor: \(path.joined(separator: " → "))"))
                case .failure(.secondRoot(let existing)):
                    problems.append(
                        Diagnostic(
                            .error, at: at("parent"),
                            "unit \(row.unit.code) has no parent, but \(existing) is already the root; name its parent")
                    )
                case .success(let change):
                    changes.append(change)
                    if change != .unchanged, !Self.mayChange(row.unit, change, tree: tree, merged: merged, scope: scope)
                    {
                        problems.append(
                            Diagnostic(.error, at: at("code"), "unit \(row.unit.code) is outside your scope"))
                    }
                }
            }
            try MusterError.rejectingErrors(in: problems, code: "units_rejected", file: source.fileName)
            let report = UnitImportReport(
                file: (source.fileName as NSString).lastPathComponent,
                dryRun: dryRun,
                created: changes.filter { $0 == .created }.count,
                renamed: changes.filter { $0 == .renamed || $0 == .renamedAndMoved }.count,
                moved: changes.filter { $0 == .moved || $0 == .renamedAndMoved }.count,
                unchanged: changes.filter { $0 == .unchanged }.count
            )
            guard !dryRun else { return report }
            let created = incoming.filter { tree.units[$0.code] == nil }.sorted {
                (merged.depth(of: $0.code), $0.code) < (merged.depth(of: $1.code), $1.code)
            }
            try await repository.insertMissing(created, on: connection)
            let audit = context.audit(on: connection)
            for unit in created { try await audit.record("unit.create", "unit", unit.code, after: unit) }
            for (unit, change) in zip(incoming, changes) where change != .created && change != .unchanged {
                try await repository.update(unit, on: connection)
                try await audit.record(
                    Self.auditAction(change), "unit", unit.code, before: tree.units[unit.code], after: unit)
            }
            return report
        }
    }

    /// Whether a scoped caller may make `change` to `unit`: it must lie inside their subtrees
    /// before and after, and a scope's own root may be renamed but not moved.
    static func mayChange(
        _ unit: MusterDomain.Unit, _ change: UnitTree.Change, tree: UnitTree, merged: UnitTree, scope: OfficerScope
    ) -> Bool {
        guard !scope.wholeForce else { return true }
        let roots = Set(scope.unitRoots)
        let insideBefore = change == .created || tree.isWithin(unit.code, roots: roots)
        let moves = change == .moved || change == .renamedAndMoved
        return insideBefore && merged.isWithin(unit.code, roots: roots) && !(moves && roots.contains(unit.code))
    }

    /// The audit action for a change: `unit.rename`, `unit.move` or `unit.rename-and-move`.
    static func auditAction(_ change: UnitTree.Change) -> String {
        switch change {
        case .created: "unit.create"
        case .renamed: "unit.rename"
        case .moved: "unit.move"
        case .renamedAndMoved: "unit.rename-and-move"
        case .unchanged: "unit.keep"
        }
    }

    /// Every unit with its officer counts, parents first; any signed-in user may read the tree.
    public func listUnits(context: UseCaseContext) async throws -> [UnitWithCounts] {
        try context.require(.readUnits)
        let repository = UnitRepository(logger: context.logger)
        return try await transaction(context) { try await repository.allWithOfficerCounts(on: $0) }
    }
}
