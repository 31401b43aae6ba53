import Foundation
import MusterDomain
import Yams

/// Reads one item of the native YAML format.
struct YAMLItemReader {
    var reader: YAMLNodeReader

    static let commonFields = ["id", "type", "prompt", "topics", "difficulty", "points", "feedback"]
    static let kindFields: [String: [String]] = [
        "single-choice": ["options"],
        "multiple-response": ["options", "rule"],
        "true-false": ["answer", "feedback_if_true", "feedback_if_false"],
        "short-answer": ["answers", "case_sensitive"],
        "numeric": ["answers"],
        "matching": ["pairs", "distractors", "scoring"],
        "ordering": ["sequence", "scoring"],
        "essay": ["rubric"],
        "practical": ["station"],
        "description": [],
    ]

    mutating func item(_ node: Node) -> Item? {
        let typeName = node["type"]?.string ?? ""
        guard let specific = Self.kindFields[typeName] else {
            reader.error(
                node["type"] == nil
                    ? "the item is missing 'type'"
                    : "unknown item type '\(typeName)'; expected one of: \(Self.kindFields.keys.sorted().joined(separator: ", "))",
                at: node["type"] ?? node
            )
            return nil
        }
        let context = "a \(typeName) item"
        let errorsBefore = reader.diagnostics.count
        guard let fields = reader.fields(of: node, allowed: Self.commonFields + specific, context: context),
            let id = reader.requiredString(fields, "id", in: node, context: context)
        else { return nil }
        if id.isEmpty || id.count > 100 { reader.error("item id must be 1 to 100 characters", at: fields["id"]) }
        let prompt = fields["prompt"].flatMap { reader.localized($0, field: "prompt") }
        if fields["prompt"] == nil { reader.error("item '\(id)' is missing 'prompt'", at: node) }
        var topics: [String] = []
        if let topicsNode = fields["topics"], let nodes = reader.sequence(topicsNode, field: "topics") {
            topics = nodes.compactMap { reader.string($0, field: "topics") }
        }
        var difficulty = Difficulty.medium
        if let difficultyNode = fields["difficulty"] {
            if let value = difficultyNode.string.flatMap(Difficulty.init(rawValue:)) {
                difficulty = value
            } else {
                reader.error("'difficulty' must be easy, medium or hard", at: difficultyNode)
            }
        }
        var points = typeName == "description" ? 0.0 : 1.0
        if let pointsNode = fields["points"], let value = reader.number(pointsNode, field: "points") {
            if value < 0 { reader.error("'points' must not be negative", at: pointsNode) }
            points = value
        }
        let feedback = fields["feedback"].flatMap { reader.localized($0, field: "feedback") }
        var kindReader = YAMLKindReader(reader: reader, fields: fields, owner: node, id: id)
        let kind = kindReader.kind(typeName)
        reader = kindReader.reader
        guard let prompt, let kind, reader.diagnostics.count == errorsBefore else { return nil }
        return Item(
            id: id,
            prompt: prompt,
            kind: kind,
            topics: topics,
            difficulty: difficulty,
            points: points,
            feedback: feedback,
            source: reader.position(node)
        )
    }
}
