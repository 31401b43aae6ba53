import MusterDomain
import MusterFormats
import Testing

@testable import MusterApp

@Suite("The banks that ship with Muster")
struct ShippedBanksTests {
    static func bank(_ name: String) throws -> ParsedBank {
        let source = try #require(ShippedBanks.yamlBanks.first { $0.fileName.hasSuffix("/\(name).yaml") })
        let parsed = YAMLBankReader().parse(source.text, file: source.fileName)
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        return parsed
    }

    @Test(
        "each bank is valid, large enough, bilingual, and every item has a topic",
        arguments: [("computer-literacy", 120), ("police-public-relations", 80), ("practical-skills", 80)]
    )
    func bankIsComplete(name: String, minimum: Int) throws {
        let bank = try Self.bank(name)
        #expect(bank.name == name)
        let questions = bank.items.filter { $0.kind.name != "practical" }
        #expect(questions.count >= minimum)
        for item in bank.items {
            #expect(item.prompt.languages == ["en", "zh-CN"], "\(item.id)")
            #expect(!item.topics.isEmpty, "\(item.id)")
        }
    }

    @Test("computer literacy covers the NCRE level-1 syllabus topics and has examiner-marked operation tasks")
    func computerLiteracySyllabus() throws {
        let topics = Set(try Self.bank("computer-literacy").items.flatMap(\.topics))
        #expect(
            topics.isSuperset(of: [
                "computer-concepts", "number-systems", "character-codes", "security", "hardware", "software",
                "os-files", "office-word", "office-spreadsheet", "office-presentation", "networks", "internet-email",
            ])
        )
        let operations = try Self.bank("computer-literacy").items.filter { $0.topics[0].hasPrefix("operations-") }
        #expect(operations.map(\.points).reduce(0, +) == 80)
        #expect(
            operations.allSatisfy {
                if case .essay(let rubric?) = $0.kind { rubric.maximumPoints == $0.points } else { false }
            })
    }

    @Test("number-system keys are right: the computed answer scores full marks")
    func numberSystemKeys() throws {
        let items = try Self.bank("computer-literacy").items
        let binary = try #require(items.first { $0.id == "cl-num-d2b-37" })
        #expect(try ItemScorer.score(binary, response: .choice("100101")).fraction == 1)
        let hex = try #require(items.first { $0.id == "cl-num-d2h-4095" })
        #expect(try ItemScorer.score(hex, response: .text("fff")).fraction == 1)
    }

    @Test("public relations essays carry rubrics")
    func essaysHaveRubrics() throws {
        let essays = try Self.bank("police-public-relations").items.filter { $0.kind.name == "essay" }
        #expect(essays.count >= 6)
        #expect(
            essays.allSatisfy { if case .essay(let rubric?) = $0.kind { rubric.criteria.count >= 3 } else { false } })
    }

    @Test("fitness stations use the official 60-point marks where known and mark every stand-in as a placeholder")
    func fitnessTables() throws {
        let stations = try Self.bank("practical-skills").items.compactMap { item -> (String, PracticalStation)? in
            if case .practical(let station) = item.kind { return (item.id, station) }
            return nil
        }
        #expect(stations.count == 10)
        let byID = Dictionary(uniqueKeysWithValues: stations)
        let shuttle = try #require(byID["ps-st-shuttle"])
        let young = try #require(shuttle.table.group(for: .male, age: 24))
        #expect(!young.placeholder && young.bands == [.init(threshold: 11.6, points: 60)])
        #expect(try #require(shuttle.table.group(for: .male, age: 28)).bands.first?.threshold == 12.5)
        #expect(try #require(shuttle.table.group(for: .male, age: 33)).placeholder)
        #expect(try #require(shuttle.table.group(for: .female, age: 24)).placeholder)
        #expect(shuttle.table.group(for: .female, age: 53) == nil)
        #expect(try #require(byID["ps-st-1000m"]?.table.group(for: .male, age: 22)).bands.first?.threshold == 235)
        #expect(try #require(byID["ps-st-pushups"]?.table.group(for: .male, age: 27)).bands.first?.threshold == 26)
        for (id, station) in stations where id != "ps-st-pistol" {
            #expect(station.table.groups.filter { $0.sex == .male }.count == 7, "\(id)")
            #expect(station.table.groups.filter { $0.sex == .female }.count == 6, "\(id)")
        }
        #expect(try #require(byID["ps-st-pistol"]).table.groups.allSatisfy(\.placeholder))
    }

    @Test("each format sample imports")
    func samples() throws {
        #expect(ShippedBanks.samples.count == 4)
        for sample in ShippedBanks.samples {
            let report = try UseCases.checkBank([sample])
            #expect(report.itemCount >= 1, "\(sample.fileName)")
        }
    }
}
