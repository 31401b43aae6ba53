import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MusterApp
import MusterDomain
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterServer

@Suite("Track routes")
struct TrackRoutesTests {
    @Test("any signed-in user reads the tracks in force; an unknown track is 404")
    func read() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = testUseCases(database)
            let signedIn = try await SignedInClients.make(useCases)
            let admin = useCases.operatorContext(name: "test")
            for file in ShippedTracks.files { _ = try await useCases.loadTrack(file, context: admin) }
            try await testApplication(useCases).test(.router) { client in
                try await client.execute(uri: "/tracks", method: .get, headers: signedIn.headers(.officer)) {
                    response in
                    #expect(response.status == .ok)
                    let decoder = JSONDecoder()
                    decoder.dateDecodingStrategy = .iso8601
                    let list = try decoder.decode(TrackList.self, from: Data(buffer: response.body))
                    let tracks = Dictionary(uniqueKeysWithValues: list.tracks.map { ($0.track.code, $0.track) })
                    #expect(tracks.count == 5)
                    #expect(tracks["practical-skills"]?.requiredFor.dutyTypes == [.frontline])
                    #expect(tracks["practical-skills"]?.certificate.validity == .endOfYear)
                }
                try await client.execute(
                    uri: "/tracks/computer-literacy", method: .get, headers: signedIn.headers(.hr)
                ) { response in
                    let body = String(buffer: response.body)
                    #expect(body.contains(#""underAge":50"#))
                    #expect(body.contains(#""validity":"none""#))
                }
                try await client.execute(uri: "/tracks/nope", method: .get, headers: signedIn.headers(.hr)) {
                    #expect($0.status == .notFound)
                }
                try await client.execute(uri: "/tracks", method: .get) { #expect($0.status == .unauthorized) }
            }
        }
    }
}

/// The track list's JSON body, as a client reads it.
private struct TrackList: Decodable {
    var tracks: [StoredTrack]
}
