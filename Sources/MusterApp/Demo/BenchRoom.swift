import Foundation
import MusterDomain
import MusterFormats

/// A room of candidates made for a load test: officers with accounts, the hours of a one-module
/// benchmark track, and a sitting of its exam opening shortly, every candidate enrolled.
public struct BenchRoom: Sendable {
    /// A candidate's sign-in.
    public struct Candidate: Sendable {
        public var username: String
        public var password: String
        public var badge: String
    }

    public var sitting: String
    public var accessCode: String
    public var opensAt: Date
    public var candidates: [Candidate]
}

extension UseCases {
    /// The benchmark track: one one-hour module and a written exam of one attempt (each run makes
    /// new candidates) and no cooldown.
    static let benchTrack = """
        track: exam-day-bench
        name: {zh-CN: "考试日压力测试", en: "Exam-day benchmark"}
        modules:
          - {code: briefing, name: {zh-CN: "说明", en: "Briefing"}, hours: 1}
        required_for: promotion
        exams:
          - {code: exam-day-bench, kind: written}
        certificate:
          code: exam-day-bench
          validity: none
        """

    static let benchExam = """
        exam: exam-day-bench
        title: {zh-CN: "考试日压力测试", en: "Exam-day benchmark"}
        track: exam-day-bench
        bank: computer-literacy
        bank_version: 1
        time_limit_minutes: 60
        pass_percent: 60
        attempts: 1
        cooldown_days: 0
        review: none
        sections:
          - {name: choice, types: [single-choice], count: 30, points: 1}
        """

    /// Prepares a room of `size` candidates for a run named `run` (fresh badges and accounts
    /// each run), seeding the demo bureau first when the database is empty. `progress` is told
    /// how many accounts are made.
    public func prepareBenchRoom(
        size: Int, run: String, opensIn seconds: TimeInterval, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> BenchRoom {
        _ = try await seedDemoDataIfEmpty()
        let context = operatorContext(name: "bench")
        _ = try await loadTrack(SourceFile(fileName: "bench-track.yaml", text: Self.benchTrack), context: context)
        _ = try await createExam(SourceFile(fileName: "bench-exam.yaml", text: Self.benchExam), context: context)
        let today = context.today
        let badges = (1...size).map { String(format: "BENCH-%@-%05d", run, $0) }
        var roster = ["badge,name,sex,birth_date,unit,hire_date,duty_type,rank,rank_since,post,post_since,education"]
        let policy = try await activePolicy(context: context).policy
        let rank = policy.ranks.first?.code ?? ""
        let post = policy.posts.first?.code ?? ""
        for badge in badges {
            roster.append(
                "\(badge),考生,male,1990-01-01,PSB.TRAIN,2015-07-01,support,\(rank),\(today.addingMonths(-12)),\(post),\(today.addingMonths(-12)),本科"
            )
        }
        _ = try await importOfficers(
            SourceFile(fileName: "bench-roster.csv", text: roster.joined(separator: "\n") + "\n"), context: context)
        let hours = ["badge,track,module,date,hours"] + badges.map { "\($0),exam-day-bench,briefing,\(today),1" }
        _ = try await importAttendance(
            SourceFile(fileName: "bench-hours.csv", text: hours.joined(separator: "\n") + "\n"), context: context)
        let candidates = badges.enumerated().map { index, badge in
            BenchRoom.Candidate(
                username: "bench.\(run.lowercased()).\(index + 1)", password: "bench-\(run)-\(index + 1)-pw",
                badge: badge)
        }
        var made = 0
        for chunk in stride(from: 0, to: candidates.count, by: 16).map({
            Array(candidates[$0..<min($0 + 16, candidates.count)])
        }) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for candidate in chunk {
                    group.addTask {
                        _ = try await addUser(
                            NewAccount(
                                username: candidate.username, displayName: candidate.badge,
                                password: candidate.password, badge: candidate.badge,
                                grants: [RoleGrant(role: .officer)]),
                            context: context)
                    }
                }
                try await group.waitForAll()
            }
            made += chunk.count
            progress(made, candidates.count)
        }
        let opens = context.now.addingTimeInterval(seconds)
        let closes = opens.addingTimeInterval(2 * 3600)
        let sitting = try await scheduleSitting(
            SittingPlan(
                exam: "exam-day-bench", venue: "Benchmark hall \(run)", capacity: size,
                start: Self.isoText(opens), end: Self.isoText(closes)),
            context: context)
        _ = try await enroll(badges.map { Candidate(badge: $0) }, in: sitting.code, context: context)
        return BenchRoom(sitting: sitting.code, accessCode: sitting.accessCode, opensAt: opens, candidates: candidates)
    }

    /// `2026-12-02T01:00:05Z`, to the second.
    static func isoText(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }
}
