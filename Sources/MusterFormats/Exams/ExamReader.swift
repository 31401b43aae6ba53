import Foundation
import MusterDomain
import Yams

/// What the exam reader made of a file: the definition when valid, and every finding.
public struct ParsedExam: Sendable {
    public var exam: ExamDefinition?
    public var diagnostics: [Diagnostic]
}

/// Reads an exam definition file (YAML; documented in `docs/exam-format.md`), every problem at its
/// line and column. Checks against the bank version and the tracks are the use case's.
public struct ExamReader: Sendable {
    public init() {}

    static let topFields = [
        "exam", "title", "track", "bank", "bank_version", "sections", "time_limit_minutes", "pass_percent", "bands",
        "attempts", "cooldown_days", "shuffle_items", "shuffle_options", "review",
        "second_marking",
    ]

    public func parse(_ text: String, file: String) -> ParsedExam {
        let (opened, document) = YAMLNodeReader.open(
            text, file: file, allowed: Self.topFields, context: "the exam file")
        var reader = ExamNodeReader(reader: opened)
        guard let document else { return ParsedExam(exam: nil, diagnostics: opened.diagnostics) }
        let (root, fields) = (document.root, document.fields)
        let exam = reader.exam(fields, root: root)
        let diagnostics = reader.reader.diagnostics.sortedByPosition()
        return ParsedExam(exam: diagnostics.errors.isEmpty ? exam : nil, diagnostics: diagnostics)
    }
}

/// Reads the fields of an exam file.
struct ExamNodeReader {
    var reader: YAMLNodeReader

    mutating func code(_ fields: [String: Node], _ name: String, in owner: Node) -> String {
        reader.code(fields, name, in: owner, context: "the exam file")
    }

    /// A whole number within `range`, or `fallback` when the field is absent.
    mutating func whole(_ fields: [String: Node], _ name: String, _ range: ClosedRange<Int>, fallback: Int?) -> Int? {
        guard let node = fields[name] else { return fallback }
        guard let value = reader.number(node, field: name) else { return nil }
        guard value == value.rounded(), range.contains(Int(value)) else {
            reader.error("'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: node)
            return nil
        }
        return Int(value)
    }

    mutating func flag(_ fields: [String: Node], _ name: String) -> Bool {
        fields[name].flatMap { reader.bool($0, field: name) } ?? true
    }

    mutating func exam(_ fields: [String: Node], root: Node) -> ExamDefinition? {
        let examCode = code(fields, "exam", in: root)
        let track = code(fields, "track", in: root)
        let bank = code(fields, "bank", in: root)
        let title = fields["title"].flatMap { reader.localized($0, field: "title") } ?? LocalizedText(examCode)
        if fields["bank_version"] == nil { reader.error("the exam file is missing 'bank_version'", at: root) }
        let version = whole(fields, "bank_version", 1...1_000_000, fallback: nil)
        let minutes = whole(fields, "time_limit_minutes", 1...600, fallback: nil)
        if fields["time_limit_minutes"] == nil {
            reader.error("the exam file is missing 'time_limit_minutes'", at: root)
        }
        var pass: Double?
        if let node = fields["pass_percent"], let value = reader.number(node, field: "pass_percent") {
            if value <= 0 || value > 100 { reader.error("'pass_percent' must be above 0 and at most 100", at: node) }
            pass = value
        } else if fields["pass_percent"] == nil {
            reader.error("the exam file is missing 'pass_percent'", at: root)
        }
        let attempts = whole(fields, "attempts", 1...20, fallback: 1)
        let cooldown = whole(fields, "cooldown_days", 0...365, fallback: 0)
        var review = ExamDefinition.ReviewPolicy.score
        if let node = fields["review"], let text = reader.string(node, field: "review") {
            if let policy = ExamDefinition.ReviewPolicy(rawValue: text) {
                review = policy
            } else {
                reader.error("'review' must be none, score or responses, not '\(text)'", at: node)
            }
        }
        var doubleMarking: SecondMarking?
        if let node = fields["second_marking"] { doubleMarking = secondMarking(node) }
        var sections: [ExamDefinition.Section] = []
        var names: Set<String> = []
        for node in fields["sections"].flatMap({ reader.sequence($0, field: "sections") }) ?? [] {
            guard let section = section(node) else { continue }
            if !names.insert(section.name).inserted {
                reader.error("section '\(section.name)' appears twice", at: node)
            }
            sections.append(section)
        }
        if sections.isEmpty {
            reader.error("an exam needs at least one section under 'sections'", at: fields["sections"] ?? root)
        }
        var bands: [ExamDefinition.Band] = []
        for node in fields["bands"].flatMap({ reader.sequence($0, field: "bands") }) ?? [] {
            guard let bandFields = reader.fields(of: node, allowed: ["name", "from"], context: "a band"),
                let name = reader.requiredString(bandFields, "name", in: node, context: "a band"),
                let fromNode = bandFields["from"], let from = reader.number(fromNode, field: "from")
            else {
                if reader.diagnostics.errors.isEmpty { reader.error("a band needs 'name' and 'from'", at: node) }
                continue
            }
            if from < 0 || from > 100 {
                reader.error("a band's 'from' must be a percentage from 0 to 100", at: fromNode)
            }
            bands.append(ExamDefinition.Band(name: name, fromPercent: from))
        }
        guard let version, let minutes, let pass, let attempts, let cooldown else { return nil }
        return ExamDefinition(
            code: examCode, title: title, track: track, bank: bank, bankVersion: version, sections: sections,
            timeLimitMinutes: minutes, passPercent: pass, bands: bands, attemptsAllowed: attempts,
            cooldownDays: cooldown, shuffleItems: flag(fields, "shuffle_items"),
            shuffleOptions: flag(fields, "shuffle_options"), review: review, secondMarking: doubleMarking)
    }

    /// `second_marking: {tolerance_percent: 10}`: two markers per manually marked position.
    mutating func secondMarking(_ node: Node) -> SecondMarking? {
        guard let fields = reader.fields(of: node, allowed: ["tolerance_percent"], context: "'second_marking'")
        else { return nil }
        guard let toleranceNode = fields["tolerance_percent"] else {
            reader.error("'second_marking' needs 'tolerance_percent'", at: node)
            return nil
        }
        guard let tolerance = reader.number(toleranceNode, field: "tolerance_percent") else { return nil }
        guard (0...100).contains(tolerance) else {
            reader.error("'tolerance_percent' must be a percentage from 0 to 100", at: toleranceNode)
            return nil
        }
        return SecondMarking(tolerancePercent: tolerance)
    }

    mutating func section(_ node: Node) -> ExamDefinition.Section? {
        guard
            let fields = reader.fields(
                of: node, allowed: ["name", "topics", "types", "difficulty", "count", "points"], context: "a section")
        else { return nil }
        let name = reader.requiredString(fields, "name", in: node, context: "a section") ?? ""
        let topics =
            fields["topics"].flatMap { reader.sequence($0, field: "topics") }?.compactMap {
                reader.string($0, field: "topics")
            } ?? []
        let kinds =
            fields["types"].flatMap { reader.sequence($0, field: "types") }?.compactMap {
                reader.string($0, field: "types")
            } ?? []
        var difficulty: Difficulty?
        if let difficultyNode = fields["difficulty"], let text = reader.string(difficultyNode, field: "difficulty") {
            difficulty = Difficulty(rawValue: text)
            if difficulty == nil {
                reader.error("difficulty '\(text)' must be easy, medium or hard", at: difficultyNode)
            }
        }
        guard let countNode = fields["count"], let countValue = reader.number(countNode, field: "count") else {
            if fields["count"] == nil { reader.error("section '\(name)' is missing 'count'", at: node) }
            return nil
        }
        if countValue != countValue.rounded() || countValue < 1 || countValue > 500 {
            reader.error("'count' must be a whole number from 1 to 500", at: countNode)
        }
        var points = 1.0
        if let pointsNode = fields["points"], let value = reader.number(pointsNode, field: "points") {
            if value <= 0 || value > 100 { reader.error("'points' must be above 0 and at most 100", at: pointsNode) }
            points = value
        }
        return ExamDefinition.Section(
            name: name, topics: topics, kinds: kinds, difficulty: difficulty, count: Int(countValue), points: points)
    }
}
