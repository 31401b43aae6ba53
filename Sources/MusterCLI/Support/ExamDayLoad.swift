import AsyncHTTPClient
import Foundation
import MusterApp
import NIOCore
import NIOHTTP1

/// Simulated candidates driving a server over HTTP: sign-in, the start spike, answer saves in a
/// closed loop, hand-in. Records what the benchmark prints.
struct ExamDayLoad {
    let server: String
    let http: HTTPClient
    let room: BenchRoom

    /// One candidate's session, connection and form.
    struct Seat: Sendable {
        var token: String
        /// The candidate's own connection, from the start spike on (one per terminal).
        var connection: BenchConnection?
        /// The candidate's answer stream, when saves go over one (``SaveTransport/stream``).
        var stream: BenchStream?
        var attempt: Int64 = 0
        /// Positions of single-choice items, with how many options each shows.
        var choices: [(position: Int, options: Int)] = []
    }

    /// Latencies and failures of one phase.
    struct Tally: Sendable {
        var latencies: [Double] = []
        var errors = 0

        mutating func add(_ other: Tally) {
            latencies += other.latencies
            errors += other.errors
        }

        /// The `fraction` quantile of the latencies, in milliseconds.
        func quantile(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] * 1000
        }
    }

    /// Sends one JSON request; returns the status, the body and the `Retry-After` seconds.
    func send(
        _ method: HTTPMethod, _ path: String, token: String?, body: String? = nil
    ) async throws -> (status: Int, body: Data, retryAfter: Int?) {
        let answer = try await JSONRequest(
            method: method, url: server + path, token: token, body: body.map { Data($0.utf8) }
        )
        .send(on: http, timeout: .seconds(120))
        return (Int(answer.status.code), answer.body, answer.headers.first(name: "Retry-After").flatMap(Int.init))
    }

    /// Signs every candidate in, `concurrency` at a time.
    func signIn(concurrency: Int) async throws -> [Seat] {
        struct Session: Decodable { var token: String }
        return try await Self.forEach(room.candidates, concurrency: concurrency) { candidate in
            let body = #"{"username":"\#(candidate.username)","password":"\#(candidate.password)"}"#
            let reply = try await send(.POST, "/auth/login", token: nil, body: body)
            guard reply.status == 200 else {
                throw ValidationErrorText("sign-in of \(candidate.username) answered \(reply.status)")
            }
            return Seat(token: try JSONDecoder().decode(Session.self, from: reply.body).token)
        }
    }

    /// Every candidate presses start at once, each on a connection of its own; a 202 is retried
    /// after its Retry-After. Returns the seats with their attempts and the tally (latency from
    /// the press to the admission).
    func spike(_ seats: [Seat]) async throws -> ([Seat], Tally) {
        let (host, port) = try address()
        let path = "/sittings/\(room.sitting)/attempts"
        let body = #"{"accessCode":"\#(room.accessCode)"}"#
        return await withTaskGroup(of: (Int, Seat?, Double).self) { group in
            for (index, seat) in seats.enumerated() {
                group.addTask {
                    let pressed = ContinuousClock.now
                    guard let connection = try? await BenchConnection.connect(host: host, port: port) else {
                        return (index, nil, 0)
                    }
                    for _ in 0..<100 {
                        guard let reply = try? await connection.send(.POST, path, token: seat.token, body: body) else {
                            break
                        }
                        if reply.status == 202 {
                            try? await Task.sleep(for: .seconds(reply.retryAfter ?? 1))
                            continue
                        }
                        guard reply.status == 200,
                            let view = try? Self.decoder.decode(AttemptView.self, from: Data(buffer: reply.body))
                        else { break }
                        var admitted = seat
                        admitted.connection = connection
                        admitted.attempt = view.attempt.id
                        admitted.choices = view.items.filter { $0.kind == "single-choice" }.map {
                            ($0.position, $0.options?.count ?? 1)
                        }
                        return (index, admitted, Self.seconds(since: pressed))
                    }
                    await connection.close()
                    return (index, nil, 0)
                }
            }
            var admitted = seats
            var tally = Tally()
            for await (index, seat, latency) in group {
                if let seat {
                    admitted[index] = seat
                    tally.latencies.append(latency)
                } else {
                    tally.errors += 1
                }
            }
            return (admitted, tally)
        }
    }

    /// The server's host and port: the load speaks plain HTTP to a server on this machine.
    func address() throws -> (host: String, port: Int) {
        guard let url = URL(string: server), url.scheme == "http", let host = url.host else {
            throw ValidationErrorText("the exam-day load speaks plain HTTP to a server on this machine, not \(server)")
        }
        return (host, url.port ?? 80)
    }

    /// Opens every admitted candidate's answer stream, `concurrency` at a time, and closes the
    /// connection it started on: a terminal's HTTP client lets an idle connection go (`muster
    /// take`'s after a minute), so through an exam a terminal holds its stream only.
    func openStreams(_ seats: [Seat], concurrency: Int) async throws -> [Seat] {
        let (host, port) = try address()
        return try await Self.forEach(seats, concurrency: concurrency) { seat in
            guard seat.attempt > 0 else { return seat }
            var seat = seat
            seat.stream = try await BenchStream.open(host: host, port: port, attempt: seat.attempt, token: seat.token)
            await seat.connection?.close()
            seat.connection = nil
            return seat
        }
    }

    /// Each candidate saves again as soon as the last save is acknowledged (after `think` when
    /// given), until `duration` has passed, on the connection it started on.
    func saves(_ seats: [Seat], duration: Duration, think: Duration) async -> Tally {
        let end = ContinuousClock.now + duration
        return await withTaskGroup(of: Tally.self) { group in
            for seat in seats where seat.attempt > 0 && !seat.choices.isEmpty {
                guard seat.connection != nil || seat.stream != nil else { continue }
                group.addTask {
                    if let stream = seat.stream { return await stream.saveLoop(seat, until: end, think: think) }
                    guard let connection = seat.connection else { return Tally(errors: 1) }
                    var tally = Tally()
                    var sequence: Int64 = 0
                    if think > .zero { try? await Task.sleep(for: think * Double.random(in: 0..<1)) }
                    while ContinuousClock.now < end {
                        sequence += 1
                        let choice = seat.choices[Int(sequence) % seat.choices.count]
                        let sent = ContinuousClock.now
                        let reply = try? await connection.send(
                            .PUT, "/attempts/\(seat.attempt)/answers/\(choice.position)", token: seat.token,
                            body: Self.saveBody(choice, sequence: sequence))
                        if reply?.status == 200 {
                            tally.latencies.append(Self.seconds(since: sent))
                        } else {
                            tally.errors += 1
                        }
                        if think > .zero { try? await Task.sleep(for: think) }
                    }
                    return tally
                }
            }
            var total = Tally()
            for await tally in group { total.add(tally) }
            return total
        }
    }

    /// The body of save number `sequence` of `choice`: the `sequence`-th option, as a PUT sends it.
    static func saveBody(_ choice: (position: Int, options: Int), sequence: Int64) -> String {
        #"{"sequence":\#(sequence),"answer":{"choice":\#(Int(sequence) % choice.options)}}"#
    }

    /// The answer stream's frame for save number `sequence` of a candidate with `choices`: the
    /// PUT's body with the position in it, each save on the next choice.
    static func saveFrame(_ choices: [(position: Int, options: Int)], sequence: Int64) -> String {
        let choice = choices[Int(sequence) % choices.count]
        return #"{"position":\#(choice.position),"# + saveBody(choice, sequence: sequence).dropFirst()
    }

    /// Hands every attempt in on the candidates' own connections, then closes them; returns how
    /// many failed.
    func submit(_ seats: [Seat], concurrency: Int) async throws -> Int {
        let (host, port) = try address()
        let outcomes = try await Self.forEach(seats, concurrency: concurrency) { seat in
            guard seat.attempt > 0 else { return false }
            await seat.stream?.close()
            var connection = seat.connection
            if connection == nil { connection = try? await BenchConnection.connect(host: host, port: port) }
            guard let connection else { return false }
            let reply = try? await connection.send(
                .POST, "/attempts/\(seat.attempt)/submit", token: seat.token, body: "{}")
            await connection.close()
            return reply?.status == 200
        }
        return outcomes.filter { !$0 }.count
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Maps `items` with at most `concurrency` running at once, keeping their order.
    static func forEach<Item: Sendable, Result: Sendable>(
        _ items: [Item], concurrency: Int, _ body: @escaping @Sendable (Item) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results: [Result?] = Array(repeating: nil, count: items.count)
            var next = 0
            for _ in 0..<min(concurrency, items.count) {
                let index = next
                group.addTask { (index, try await body(items[index])) }
                next += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < items.count {
                    let index = next
                    group.addTask { (index, try await body(items[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}

/// A benchmark step that failed, in words.
struct ValidationErrorText: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
