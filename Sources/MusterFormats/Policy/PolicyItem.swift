import Foundation
import MusterDomain
import Yams

/// One mapping entry of a policy section, with typed field access that records diagnostics.
struct PolicyItem {
    var reader: YAMLNodeReader
    let node: Node
    var fields: [String: Node] = [:]
    var code = ""
    var name = LocalizedText("")
    var valid = true

    init(reader: YAMLNodeReader, node: Node, allowed: [String], context: String, needsCode: Bool = true) {
        self.reader = reader
        self.node = node
        guard let fields = self.reader.fields(of: node, allowed: allowed, context: context) else {
            valid = false
            return
        }
        self.fields = fields
        guard needsCode else { return }
        guard let code = self.reader.requiredString(fields, "code", in: node, context: context) else {
            valid = false
            return
        }
        if code.range(of: #"^[a-z0-9][a-z0-9-]{0,63}$"#, options: .regularExpression) == nil {
            self.reader.error("code '\(code)' must be lowercase letters, digits and dashes", at: fields["code"])
        }
        self.code = code
        self.name =
            fields["name"].flatMap { self.reader.localized($0, field: "name") } ?? LocalizedText(code, language: "en")
    }

    mutating func string(_ field: String) -> String? {
        fields[field].flatMap { reader.string($0, field: field) }
    }

    mutating func bool(_ field: String) -> Bool? {
        fields[field].flatMap { reader.bool($0, field: field) }
    }

    /// A whole number that must not be negative.
    mutating func count(_ field: String) -> Int? {
        guard let node = fields[field], let value = reader.number(node, field: field) else { return nil }
        guard value >= 0, value == value.rounded() else {
            reader.error("'\(field)' must be a whole number of zero or more, not \(value.formatted())", at: node)
            return nil
        }
        return Int(value)
    }

    /// `duty_types`: a list of `frontline` / `support`, nil when absent.
    mutating func dutyTypes() -> [Officer.DutyType]? {
        guard let node = fields["duty_types"], let entries = reader.sequence(node, field: "duty_types") else {
            return nil
        }
        return entries.compactMap { entry in
            guard let text = reader.string(entry, field: "duty_types") else { return nil }
            guard let duty = Officer.DutyType(rawValue: text) else {
                reader.error("'duty_types' value '\(text)' must be frontline or support", at: entry)
                return nil
            }
            return duty
        }
    }

    /// The `from`/`until` period, with both dates checked.
    mutating func effective() -> EffectivePeriod {
        func day(_ field: String) -> CalendarDay? {
            guard let node = fields[field], let text = reader.string(node, field: field) else { return nil }
            guard let day = CalendarDay(text) else {
                reader.error("'\(field)' value '\(text)' is not a date written YYYY-MM-DD", at: node)
                return nil
            }
            return day
        }
        let period = EffectivePeriod(from: day("from"), until: day("until"))
        if let from = period.from, let until = period.until, until <= from {
            reader.error("'until' \(until) is not after 'from' \(from)", at: fields["until"])
        }
        return period
    }
}
