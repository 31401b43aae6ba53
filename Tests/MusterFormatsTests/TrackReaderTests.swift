import Foundation
import MusterDomain
import Testing

@testable import MusterFormats

@Suite("Track files")
struct TrackReaderTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Tracks")

    @Test("the shipped tracks read without a finding, with the certificates the default policy names")
    func shipped() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
        var certificates: [String: CertificateRule.Validity] = [:]
        for file in files {
            let parsed = TrackReader().parse(
                try String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent)
            #expect(parsed.diagnostics.isEmpty, "\(file.lastPathComponent): \(parsed.diagnostics)")
            let track = try #require(parsed.track)
            certificates[track.certificate.code] = track.certificate.validity
        }
        #expect(
            certificates == [
                "computer-literacy": .unlimited, "police-pr": .years(3), "practical-skills": .endOfYear,
                "initial-training": .unlimited, "promotion-training": .unlimited,
            ])
    }

    @Test("a track file is read whole: modules, audience, exams and certificate")
    func readsWhole() throws {
        let text = """
            track: fitness-basics
            name: {zh-CN: 体能基础, en: Fitness basics}
            modules:
              - {code: running, name: Running, hours: 6.5}
              - {code: strength, hours: 4}
            required_for:
              under_age: 45
              duty_types: [frontline]
              ranks: [constable-2, constable-1]
            exams:
              - {code: fitness-stations, kind: practical}
            certificate: {code: fitness-basics, validity: 2}
            """
        let track = try #require(
            TrackReader().parse(text, file: "t.yaml", knownRanks: ["constable-2", "constable-1"]).track)
        #expect(
            track
                == Track(
                    code: "fitness-basics", name: LocalizedText(["zh-CN": "体能基础", "en": "Fitness basics"]),
                    modules: [
                        .init(code: "running", name: LocalizedText("Running"), hours: 6.5),
                        .init(code: "strength", name: LocalizedText("strength"), hours: 4),
                    ],
                    requiredFor: .init(underAge: 45, dutyTypes: [.frontline], ranks: ["constable-2", "constable-1"]),
                    exams: [.init(code: "fitness-stations", kind: .practical)],
                    certificate: CertificateRule(code: "fitness-basics", validity: .years(2))))
    }

    @Test("every mistake is reported at its line and column")
    func diagnostics() {
        let text = """
            track: Bad Track
            modules:
              - {code: a, hours: 0}
              - {code: b, hours: "3,5"}
              - {code: a, hours: 2}
            required_for: {under_age: 12, duty_types: [desk], ranks: [general]}
            exams:
              - {code: e, kind: oral}
            certificate: {code: c, validity: forever}
            colour: blue
            """
        let parsed = TrackReader().parse(text, file: "t.yaml", knownRanks: ["constable-2"])
        #expect(parsed.track == nil)
        #expect(
            parsed.diagnostics.map(\.description) == [
                "t.yaml:1:8: error: track 'Bad Track' must be lowercase letters, digits and dashes",
                "t.yaml:3:22: error: 'hours' must be above 0 and at most 2000",
                "t.yaml:4:22: error: 'hours' value '3,5' is not a number; use a dot for decimals",
                "t.yaml:5:5: error: module 'a' appears twice",
                "t.yaml:6:27: error: 'under_age' must be a whole number of years from 16 to 100",
                "t.yaml:6:44: error: duty type 'desk' must be frontline or support",
                "t.yaml:6:59: error: rank 'general' is not in the active policy's ladder",
                "t.yaml:8:21: error: exam kind 'oral' must be written or practical",
                "t.yaml:9:34: error: 'validity' must be none, end-of-year, or a whole number of years from 1 to 50, not 'forever'",
                "t.yaml:10:1: error: unknown field 'colour' in the track file; expected one of: track, name, modules, required_for, exams, certificate",
            ])
    }
}
