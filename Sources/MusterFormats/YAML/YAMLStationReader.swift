import Foundation
import MusterDomain
import Yams

/// Reads a practical station: its measurement and banded scoring table.
struct YAMLStationReader {
    var reader: YAMLNodeReader
    let id: String

    mutating func station(_ node: Node) -> PracticalStation? {
        guard
            let fields = reader.fields(
                of: node,
                allowed: ["measurement", "unit", "better", "max_points", "groups"],
                context: "a station"
            )
        else { return nil }
        guard let measurementNode = fields["measurement"],
            let measurement = measurementNode.string.flatMap(PracticalStation.Measurement.init(rawValue:))
        else {
            reader.error("'measurement' must be time, count, distance or hits", at: fields["measurement"] ?? node)
            return nil
        }
        guard let betterNode = fields["better"],
            let direction = betterNode.string.flatMap(ScoringTable.Direction.init(rawValue:))
        else {
            reader.error("'better' must be lower or higher", at: fields["better"] ?? node)
            return nil
        }
        let unit = fields["unit"].flatMap { reader.string($0, field: "unit") } ?? ""
        let maximum = fields["max_points"].flatMap { reader.number($0, field: "max_points") } ?? 100
        guard let groupsNode = fields["groups"], let groupNodes = reader.sequence(groupsNode, field: "groups") else {
            reader.error("a station needs 'groups'", at: node)
            return nil
        }
        let groups = groupNodes.compactMap { group($0, direction: direction) }
        return PracticalStation(
            measurement: measurement,
            unit: unit,
            table: ScoringTable(direction: direction, groups: groups, maximumPoints: maximum)
        )
    }

    mutating func group(_ node: Node, direction: ScoringTable.Direction) -> ScoringTable.Group? {
        guard
            let fields = reader.fields(
                of: node,
                allowed: ["sex", "min_age", "max_age", "placeholder", "bands"],
                context: "a scoring group"
            )
        else { return nil }
        guard let sex = fields["sex"]?.string.flatMap(Sex.init(rawValue:)) else {
            reader.error("'sex' must be male or female", at: fields["sex"] ?? node)
            return nil
        }
        guard let minAge = fields["min_age"].flatMap({ reader.number($0, field: "min_age") }),
            let maxAge = fields["max_age"].flatMap({ reader.number($0, field: "max_age") }),
            minAge <= maxAge
        else {
            reader.error("a scoring group needs 'min_age' and 'max_age', the first not above the second", at: node)
            return nil
        }
        guard let bandsNode = fields["bands"], let bandNodes = reader.sequence(bandsNode, field: "bands") else {
            reader.error("a scoring group needs 'bands'", at: node)
            return nil
        }
        let bands: [ScoringTable.Band] = bandNodes.compactMap { bandNode in
            guard let bandFields = reader.fields(of: bandNode, allowed: ["at", "points"], context: "a band"),
                let atNode = bandFields["at"], let pointsNode = bandFields["points"],
                let threshold = reader.number(atNode, field: "at"),
                let points = reader.number(pointsNode, field: "points")
            else {
                reader.error("a band needs 'at' (the measurement) and 'points'", at: bandNode)
                return nil
            }
            return ScoringTable.Band(threshold: threshold, points: points)
        }
        let placeholder = fields["placeholder"].flatMap { reader.bool($0, field: "placeholder") } ?? false
        return ScoringTable.Group(
            sex: sex,
            minimumAge: Int(minAge),
            maximumAge: Int(maxAge),
            bands: bands,
            placeholder: placeholder
        )
    }
}
