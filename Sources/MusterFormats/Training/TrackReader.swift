import Foundation
import MusterDomain
import Yams

/// What the track reader made of a file: the track when valid, and every finding.
public struct ParsedTrack: Sendable {
    public var track: Track?
    public var diagnostics: [Diagnostic]
}

/// Reads a training track file (YAML; documented in `docs/track-format.md` with a JSON Schema in
/// `docs/track.schema.json`), every problem at its line and column.
public struct TrackReader: Sendable {
    public init() {}

    static let topFields = ["track", "name", "modules", "required_for", "exams", "certificate"]

    /// Parses `text`; with `knownRanks`, every rank the audience names must be one of them.
    public func parse(_ text: String, file: String, knownRanks: Set<String>? = nil) -> ParsedTrack {
        let (reader, document) = YAMLNodeReader.open(
            text, file: file, allowed: Self.topFields, context: "the track file")
        var tracks = TrackNodeReader(reader: reader, knownRanks: knownRanks)
        guard let document else { return ParsedTrack(track: nil, diagnostics: reader.diagnostics) }
        let (root, fields) = (document.root, document.fields)
        let track = tracks.track(fields, root: root)
        let diagnostics = tracks.reader.diagnostics.sortedByPosition()
        return ParsedTrack(track: diagnostics.errors.isEmpty ? track : nil, diagnostics: diagnostics)
    }
}

/// Reads the sections of a track file.
struct TrackNodeReader {
    var reader: YAMLNodeReader
    let knownRanks: Set<String>?

    mutating func code(_ fields: [String: Node], _ name: String, in owner: Node, context: String) -> String {
        reader.code(fields, name, in: owner, context: context)
    }

    mutating func track(_ fields: [String: Node], root: Node) -> Track? {
        let code = code(fields, "track", in: root, context: "the track file")
        let name = fields["name"].flatMap { reader.localized($0, field: "name") } ?? LocalizedText(code)
        var modules: [Track.Module] = []
        var moduleCodes: Set<String> = []
        for node in fields["modules"].flatMap({ reader.sequence($0, field: "modules") }) ?? [] {
            guard let module = module(node) else { continue }
            if !moduleCodes.insert(module.code).inserted {
                reader.error("module '\(module.code)' appears twice", at: node)
            }
            modules.append(module)
        }
        if modules.isEmpty {
            reader.error("a track needs at least one module under 'modules'", at: fields["modules"] ?? root)
        }
        var exams: [Track.Exam] = []
        for node in fields["exams"].flatMap({ reader.sequence($0, field: "exams") }) ?? [] {
            if let exam = exam(node) { exams.append(exam) }
        }
        var requiredFor = Track.Audience()
        if let node = fields["required_for"] { requiredFor = audience(node) }
        guard let certificateNode = fields["certificate"] else {
            reader.error("the track file is missing 'certificate'", at: root)
            return nil
        }
        guard let certificate = certificate(certificateNode) else { return nil }
        return Track(
            code: code, name: name, modules: modules, requiredFor: requiredFor, exams: exams, certificate: certificate)
    }

    mutating func module(_ node: Node) -> Track.Module? {
        guard let fields = reader.fields(of: node, allowed: ["code", "name", "hours"], context: "a module") else {
            return nil
        }
        let code = code(fields, "code", in: node, context: "a module")
        let name = fields["name"].flatMap { reader.localized($0, field: "name") } ?? LocalizedText(code)
        guard let hoursNode = fields["hours"] else {
            reader.error("module '\(code)' is missing 'hours'", at: node)
            return nil
        }
        guard let hours = reader.number(hoursNode, field: "hours") else { return nil }
        if hours <= 0 || hours > 2000 { reader.error("'hours' must be above 0 and at most 2000", at: hoursNode) }
        return Track.Module(code: code, name: name, hours: hours)
    }

    mutating func exam(_ node: Node) -> Track.Exam? {
        guard let fields = reader.fields(of: node, allowed: ["code", "kind"], context: "an exam") else { return nil }
        let code = code(fields, "code", in: node, context: "an exam")
        let kindText = reader.requiredString(fields, "kind", in: node, context: "an exam") ?? ""
        guard let kind = Track.Exam.Kind(rawValue: kindText) else {
            if !kindText.isEmpty {
                reader.error("exam kind '\(kindText)' must be written or practical", at: fields["kind"])
            }
            return nil
        }
        return Track.Exam(code: code, kind: kind)
    }

    mutating func audience(_ node: Node) -> Track.Audience {
        if case .scalar(let scalar) = node {
            guard scalar.string == "promotion" else {
                reader.error("'required_for' must be a mapping of conditions, or 'promotion'", at: node)
                return Track.Audience()
            }
            return Track.Audience(promotionOnly: true)
        }
        guard
            let fields = reader.fields(
                of: node, allowed: ["under_age", "duty_types", "ranks"], context: "'required_for'")
        else { return Track.Audience() }
        var audience = Track.Audience()
        if let ageNode = fields["under_age"], let age = reader.number(ageNode, field: "under_age") {
            if age != age.rounded() || age < 16 || age > 100 {
                reader.error("'under_age' must be a whole number of years from 16 to 100", at: ageNode)
            }
            audience.underAge = Int(age)
        }
        if let typesNode = fields["duty_types"], let nodes = reader.sequence(typesNode, field: "duty_types") {
            audience.dutyTypes = nodes.compactMap { node in
                guard let text = reader.string(node, field: "duty_types") else { return nil }
                guard let type = Officer.DutyType(rawValue: text) else {
                    reader.error("duty type '\(text)' must be frontline or support", at: node)
                    return nil
                }
                return type
            }
        }
        if let ranksNode = fields["ranks"], let nodes = reader.sequence(ranksNode, field: "ranks") {
            audience.ranks = nodes.compactMap { node in
                guard let rank = reader.string(node, field: "ranks") else { return nil }
                if let knownRanks, !knownRanks.contains(rank) {
                    reader.error("rank '\(rank)' is not in the active policy's ladder", at: node)
                }
                return rank
            }
        }
        return audience
    }

    mutating func certificate(_ node: Node) -> CertificateRule? {
        guard let fields = reader.fields(of: node, allowed: ["code", "validity"], context: "'certificate'") else {
            return nil
        }
        let code = code(fields, "code", in: node, context: "'certificate'")
        guard let validityNode = fields["validity"] else {
            reader.error("'certificate' is missing 'validity' (none, end-of-year, or a number of years)", at: node)
            return nil
        }
        let text = reader.string(validityNode, field: "validity") ?? ""
        let validity: CertificateRule.Validity
        switch text {
        case "none": validity = .unlimited
        case "end-of-year": validity = .endOfYear
        default:
            guard let years = Int(text), (1...50).contains(years) else {
                reader.error(
                    "'validity' must be none, end-of-year, or a whole number of years from 1 to 50, not '\(text)'",
                    at: validityNode)
                return nil
            }
            validity = .years(years)
        }
        return CertificateRule(code: code, validity: validity)
    }
}
