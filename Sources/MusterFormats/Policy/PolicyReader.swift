import Foundation
import MusterDomain
import Yams

/// What the policy reader made of a file: the policy when valid, and every finding.
public struct ParsedPolicy: Sendable {
    public var policy: PromotionPolicy?
    public var diagnostics: [Diagnostic]
}

/// Reads a promotion policy file (YAML; documented in `docs/policy-format.md` with a JSON Schema
/// in `docs/policy.schema.json`), checking every reference to a rank by its position in the file.
public struct PolicyReader: Sendable {
    public init() {}

    static let topFields = [
        "policy", "title", "ranks", "posts", "assessment_grades", "sanctions", "qualifications", "merits", "must_train",
        "quality_grades", "selection_board", "promotion_rounds", "post_raise_limit",
    ]

    public func parse(_ text: String, file: String) -> ParsedPolicy {
        let (opened, document) = YAMLNodeReader.open(
            text, file: file, allowed: Self.topFields, context: "the policy file")
        var reader = PolicyNodeReader(reader: opened)
        guard let document else { return ParsedPolicy(policy: nil, diagnostics: reader.reader.diagnostics) }
        let (root, fields) = (document.root, document.fields)
        let policy = reader.policy(fields, root: root)
        let diagnostics = reader.reader.diagnostics
        return ParsedPolicy(policy: diagnostics.errors.isEmpty ? policy : nil, diagnostics: diagnostics)
    }
}

/// Reads the sections of a policy file.
struct PolicyNodeReader {
    var reader: YAMLNodeReader

    mutating func policy(_ fields: [String: Node], root: Node) -> PromotionPolicy? {
        let name = reader.requiredString(fields, "policy", in: root, context: "the policy file") ?? ""
        if !name.isEmpty, name.range(of: #"^[a-z0-9][a-z0-9-]{0,63}$"#, options: .regularExpression) == nil {
            reader.error("policy name '\(name)' must be lowercase letters, digits and dashes", at: fields["policy"])
        }
        let title = fields["title"].flatMap { reader.localized($0, field: "title") } ?? LocalizedText(name)
        let rankNodes = fields["ranks"].flatMap { reader.sequence($0, field: "ranks") } ?? []
        if rankNodes.count < 2 {
            reader.error("a policy needs a ladder of at least two ranks under 'ranks'", at: fields["ranks"] ?? root)
        }
        var ranks: [Rank] = []
        var seen: Set<String> = []
        for node in rankNodes {
            guard let rank = rank(node) else { continue }
            if !seen.insert(rank.code).inserted {
                reader.error("rank '\(rank.code)' appears twice; the ladder would loop back on itself", at: node)
            }
            ranks.append(rank)
        }
        let rankCodes: [String] = ranks.map { $0.code }
        var order: [String: Int] = [:]
        for (index, code) in rankCodes.enumerated() where order[code] == nil { order[code] = index }
        // Reference problems are collected here and reported after the sections are read.
        var problems: [(message: String, node: Node?)] = []
        func checkRank(_ code: String?, _ node: Node?, field: String) {
            guard let code, order[code] == nil else { return }
            problems.append(
                ("'\(field)' names unknown rank '\(code)'; ranks are: \(rankCodes.joined(separator: ", "))", node))
        }
        let posts: [Post] = list(fields["posts"], field: "posts") { node, item in
            let floor = item.string("floor"), ceiling = item.string("ceiling")
            checkRank(floor, item.fields["floor"], field: "floor")
            checkRank(ceiling, item.fields["ceiling"], field: "ceiling")
            if let floor, let ceiling, let low = order[floor], let high = order[ceiling], low > high {
                item.reader.error("post '\(item.code)' has floor '\(floor)' above ceiling '\(ceiling)'", at: node)
            }
            return Post(
                code: item.code, name: item.name, floorRank: floor ?? "", ceilingRank: ceiling ?? "",
                effective: item.effective())
        }
        let grades: [AssessmentGrade] = list(fields["assessment_grades"], field: "assessment_grades") { _, item in
            AssessmentGrade(
                code: item.code,
                name: item.name,
                countsTowardSeniority: item.bool("counts_toward_seniority") ?? true,
                passesReview: item.bool("passes_review") ?? false
            )
        }
        let sanctions: [SanctionKind] = list(fields["sanctions"], field: "sanctions") { _, item in
            SanctionKind(
                code: item.code,
                name: item.name,
                blockingMonths: item.count("blocking_months") ?? 0,
                restartsInterval: item.bool("restarts_interval") ?? false,
                effective: item.effective()
            )
        }
        let qualifications: [QualificationLevel] = list(fields["qualifications"], field: "qualifications") { _, item in
            let fromRank = item.string("required_from_rank")
            checkRank(fromRank, item.fields["required_from_rank"], field: "required_from_rank")
            return QualificationLevel(
                code: item.code,
                name: item.name,
                validityYears: item.count("validity_years"),
                requiredForPromotion: item.bool("required_for_promotion") ?? false,
                requiredFromRank: fromRank
            )
        }
        let merits: [Merit] = list(fields["merits"], field: "merits") { _, item in
            Merit(
                code: item.code,
                name: item.name,
                shortensYears: item.count("shortens_years") ?? 1,
                minimumYearsInRank: item.count("minimum_years_in_rank") ?? 1,
                effective: item.effective()
            )
        }
        let mustTrain: [MustTrainRule] = list(fields["must_train"], field: "must_train", needsCode: false) { _, item in
            let toRank = item.string("to_rank")
            checkRank(toRank, item.fields["to_rank"], field: "to_rank")
            return MustTrainRule(
                toRank: toRank,
                certificate: item.string("certificate")
                    ?? {
                        item.reader.error("a must-train rule needs 'certificate'", at: item.node); return ""
                    }(),
                onlyUnderAge: item.count("under_age"),
                dutyTypes: item.dutyTypes(),
                sinceCurrentRank: item.bool("since_current_rank"),
                effective: item.effective()
            )
        }
        var qualityGrades = ["excellent", "meets-standard", "below-standard"]
        if let node = fields["quality_grades"], let entries = reader.sequence(node, field: "quality_grades") {
            qualityGrades = entries.compactMap { reader.string($0, field: "quality_grades") }
        }
        let board = fields["selection_board"].flatMap { selectionBoard($0, grades: Set(grades.map(\.code))) }
        let rounds = fields["promotion_rounds"].flatMap { roundRules($0, grades: grades.map(\.code)) }
        for problem in problems { reader.error(problem.message, at: problem.node) }
        return PromotionPolicy(
            name: name,
            title: title,
            ranks: ranks,
            posts: posts,
            assessmentGrades: grades,
            sanctions: sanctions,
            qualificationLevels: qualifications,
            merits: merits,
            mustTrain: mustTrain,
            qualityGrades: qualityGrades,
            selectionBoard: board,
            promotionRounds: rounds,
            postRaiseLimit: fields["post_raise_limit"].flatMap { node in
                guard let value = reader.number(node, field: "post_raise_limit"), value >= 1, value == value.rounded()
                else {
                    reader.error("'post_raise_limit' must be a whole number of steps, 1 or more", at: node)
                    return nil
                }
                return Int(value)
            }
        )
    }

    /// Reads `promotion_rounds`: the composite's weighted parts and the list's validity.
    mutating func roundRules(_ node: Node, grades: [String]) -> RoundRules? {
        var item = PolicyItem(
            reader: reader, node: node,
            allowed: [
                "weights", "validity_years", "per_vacancy", "exams", "exam_years", "assessment_years", "grade_points",
                "seniority_full_years",
            ],
            context: "'promotion_rounds'", needsCode: false)
        defer { reader = item.reader }
        guard item.valid else { return nil }
        var parts: [RoundRules.Part] = []
        for entry in item.fields["weights"].flatMap({ item.reader.sequence($0, field: "weights") }) ?? [] {
            var part = PolicyItem(
                reader: item.reader, node: entry, allowed: ["part", "weight", "minimum"], context: "a weight",
                needsCode: false)
            let kind = part.string("part")
            if let kind, let parsed = RoundRules.Part.Kind(rawValue: kind) {
                parts.append(
                    RoundRules.Part(
                        kind: parsed, weight: Double(part.count("weight") ?? 0),
                        minimum: part.count("minimum").map(Double.init)))
            } else {
                part.reader.error("'part' must be exam, assessments or seniority", at: part.fields["part"] ?? entry)
            }
            item.reader = part.reader
        }
        if parts.isEmpty { item.reader.error("'promotion_rounds' needs at least one entry under 'weights'", at: node) }
        var points: [String: Double] = [:]
        if let pointsNode = item.fields["grade_points"],
            let mapping = item.reader.fields(of: pointsNode, allowed: grades, context: "'grade_points'")
        {
            for (grade, value) in mapping {
                if let number = item.reader.number(value, field: "grade_points"), (0...100).contains(number) {
                    points[grade] = number
                } else {
                    item.reader.error("'grade_points' of '\(grade)' must be a number from 0 to 100", at: value)
                }
            }
        }
        let exams =
            item.fields["exams"].flatMap { item.reader.sequence($0, field: "exams") }?
            .compactMap { item.reader.string($0, field: "exams") } ?? []
        func atLeastOne(_ field: String, default value: Int) -> Int {
            guard let count = item.count(field) else { return value }
            if count < 1 { item.reader.error("'\(field)' must be 1 or more", at: item.fields[field]) }
            return max(1, count)
        }
        return RoundRules(
            parts: parts, validityYears: atLeastOne("validity_years", default: 2),
            perVacancy: atLeastOne("per_vacancy", default: 3),
            exams: exams, examYears: item.count("exam_years") ?? 3,
            assessmentYears: item.count("assessment_years") ?? 3,
            gradePoints: points, seniorityFullYears: item.count("seniority_full_years") ?? 10)
    }

    /// Reads `selection_board`, checking that the grades it names are assessment grades.
    mutating func selectionBoard(_ node: Node, grades: Set<String>) -> SelectionBoard? {
        var item = PolicyItem(
            reader: reader, node: node,
            allowed: ["years_in_post", "years_in_rank", "assessment_years", "assessment_grades", "needs_one_of"],
            context: "'selection_board'", needsCode: false)
        defer { reader = item.reader }
        guard item.valid else { return nil }
        func codes(_ field: String) -> [String] {
            guard let node = item.fields[field], let entries = item.reader.sequence(node, field: field) else {
                return []
            }
            return entries.compactMap { entry in
                guard let code = item.reader.string(entry, field: field) else { return nil }
                if !grades.contains(code) {
                    item.reader.error("'\(field)' names unknown assessment grade '\(code)'", at: entry)
                }
                return code
            }
        }
        return SelectionBoard(
            yearsInPost: item.count("years_in_post") ?? 0,
            yearsInRank: item.count("years_in_rank") ?? 0,
            assessmentYears: item.count("assessment_years") ?? 0,
            assessmentGrades: codes("assessment_grades"),
            needsOneOf: codes("needs_one_of"))
    }

    mutating func rank(_ node: Node) -> Rank? {
        var item = PolicyItem(
            reader: reader, node: node,
            allowed: ["code", "name", "years", "intervals", "advancement", "college_training"], context: "a rank")
        defer { reader = item.reader }
        guard item.valid else { return nil }
        var advancement = Rank.Advancement.interval
        if let text = item.string("advancement") {
            guard let value = Rank.Advancement(rawValue: text) else {
                item.reader.error(
                    "'advancement' must be interval, selection or appointment", at: item.fields["advancement"])
                return nil
            }
            advancement = value
        }
        var intervals: [Rank.Interval] = []
        if let years = item.count("years") { intervals.append(Rank.Interval(years: years)) }
        if let node = item.fields["intervals"], let entries = item.reader.sequence(node, field: "intervals") {
            for entry in entries {
                var interval = PolicyItem(
                    reader: item.reader, node: entry, allowed: ["years", "from", "until"], context: "an interval",
                    needsCode: false)
                if let years = interval.count("years") {
                    intervals.append(Rank.Interval(years: years, effective: interval.effective()))
                }
                item.reader = interval.reader
            }
        }
        return Rank(
            code: item.code,
            name: item.name,
            advancement: advancement,
            intervals: intervals,
            requiresCollegeTraining: item.bool("college_training") ?? false
        )
    }

    /// Reads a list section whose entries are mappings, with `code` and `name` unless told otherwise.
    mutating func list<Value>(
        _ node: Node?,
        field: String,
        needsCode: Bool = true,
        _ make: (Node, inout PolicyItem) -> Value
    ) -> [Value] {
        guard let node, let entries = reader.sequence(node, field: field) else { return [] }
        let allowed: [String: [String]] = [
            "posts": ["floor", "ceiling", "from", "until"],
            "assessment_grades": ["counts_toward_seniority", "passes_review"],
            "sanctions": ["blocking_months", "restarts_interval", "from", "until"],
            "qualifications": ["validity_years", "required_for_promotion", "required_from_rank"],
            "merits": ["shortens_years", "minimum_years_in_rank", "from", "until"],
            "must_train": ["to_rank", "certificate", "under_age", "duty_types", "since_current_rank", "from", "until"],
        ]
        var values: [Value] = []
        var codes: Set<String> = []
        for entry in entries {
            var item = PolicyItem(
                reader: reader,
                node: entry,
                allowed: (needsCode ? ["code", "name"] : []) + (allowed[field] ?? []),
                context: "an entry of '\(field)'",
                needsCode: needsCode
            )
            if item.valid {
                if needsCode, !codes.insert(item.code).inserted {
                    item.reader.error("'\(item.code)' appears twice in '\(field)'", at: entry)
                }
                values.append(make(entry, &item))
            }
            reader = item.reader
        }
        return values
    }
}
