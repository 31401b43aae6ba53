import Hummingbird
import MusterApp
import MusterDomain
import MusterStore

/// Training tracks: every signed-in user reads them.
struct TrackRoutes {
    let useCases: UseCases

    func register(on routes: SecuredRoutes) {
        routes.add(.get, "/tracks") { _, context in
            TrackList(tracks: try await useCases.listTracks(context: try context.caller(of: useCases)))
        }
        routes.add(.get, "/tracks/{track}") { _, context in
            TrackResponse(
                stored: try await useCases.showTrack(
                    try context.parameters.require("track"), context: try context.caller(of: useCases)))
        }
    }

    /// The track list's JSON body.
    struct TrackList: ResponseEncodable {
        var tracks: [StoredTrack]
    }

    /// One track version as JSON.
    struct TrackResponse: ResponseEncodable {
        var stored: StoredTrack
        func encode(to encoder: any Encoder) throws { try stored.encode(to: encoder) }
    }
}
