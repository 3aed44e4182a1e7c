import AsyncHTTPClient
import Contracts
import EvaluationService
import IntakeService
import Foundation
import ServiceKit
import TestSupport
import Testing

/// Intake killed with SIGKILL in the middle of citizens' submissions, on both databases, while
/// evaluation waits for the messages each submission owes it. What was acknowledged must exist
/// exactly once, every retry must get its answer, and no message may be stuck or dead.
@Suite("Crash test: intake killed mid-write", .serialized, .timeLimit(.minutes(5)))
struct CrashTests {
    /// Intake as a process of its own with the sample district loaded, and evaluation (its
    /// messages' receiver) in this process; both on fresh databases of `backend`.
    static func withCrashableIntake(_ backend: Backend, _ body: (ServiceProcess, _ intakeDatabase: DatabaseURL) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { evaluationURL in
            try await withFreshDatabaseURL(backend) { intakeURL in
                let evaluation = try await startService(evaluationService, configuration: testConfiguration(
                    .evaluation, database: evaluationURL, peers: [.intake: 9, .supervision: 9], folder: folder + "/evaluation"))
                let port = try await reservePort()
                let intake = ServiceProcess(.intake, port: port, environment: processEnvironment(
                    .intake, database: intakeURL.withSQLitePath(folder + "/intake.sqlite"), port: port, folder: folder,
                    peers: [.evaluation: evaluation.baseURL]), logFile: folder + "/intake.log")
                do {
                    try await intake.start()
                    let seeded = try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(),
                                                headers: try await bearer(.admin))
                    #expect(seeded.status == 200, "\(seeded.body)")
                    try await body(intake, intakeURL.withSQLitePath(folder + "/intake.sqlite"))
                } catch {
                    try? await intake.stop()
                    await evaluation.stop()
                    throw error
                }
                try await intake.stop()
                await evaluation.stop()
            }
        }
    }

    static func submission(_ text: String) -> String {
        #"{"station":"jh-minzu-office","category":"housingProperty","content":"\#(text)"}"#
    }

    /// The opinions stored with `content`, and their receipt codes.
    static func receiptCodes(_ url: DatabaseURL, content: String) async throws -> [String] {
        let db = try openDatabase(url, logger: testLogger)
        defer { Task { await db.close() } }
        return try await db.query("SELECT receipt_code FROM opinions WHERE content = \(content)").map { try $0.string("receipt_code") }
    }

    /// Waits until intake's outbox holds nothing pending, and returns its dead letters.
    static func drainedOutbox(_ intake: ServiceProcess) async throws -> (drained: Bool, dead: Int) {
        let admin = try await bearer(.admin)
        let drained = try await eventually(within: .seconds(60)) {
            try await http(.GET, intake.baseURL + "/internal/v1/outbox?status=pending", headers: admin).body == "[]"
        }
        let dead = try await http(.GET, intake.baseURL + "/internal/v1/outbox?status=dead", headers: admin).body
        return (drained, dead == "[]" ? 0 : dead.components(separatedBy: "\"id\"").count - 1)
    }

    @Test("killed at each point between BEGIN and the answer: the retry gets a fresh run or the stored answer, never a second opinion",
          arguments: Backend.allCases, CrashPoint.allCases)
    func killedAtEachPoint(backend: Backend, point: CrashPoint) async throws {
        try await Self.withCrashableIntake(backend) { intake, database in
            try await intake.stop()
            try await intake.start(extra: ["YOUYUE_CRASH_AT": point.rawValue])
            let content = "崩溃测试：\(point.rawValue) 路灯不亮已经一周"
            let key = [("Idempotency-Key", "crash-\(point.rawValue)")]
            let first = try? await http(.POST, intake.baseURL + "/api/v1/opinions", json: Self.submission(content), headers: key)
            #expect(first == nil, "the process answered instead of dying: \(String(describing: first?.status))")
            #expect(try await intake.waitForDeath(), "intake did not die at \(point.rawValue)")
            let committed = try await Self.receiptCodes(database, content: content)
            #expect(committed.count == (point == .afterCommit ? 1 : 0))

            try await intake.start()
            let retry = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: Self.submission(content), headers: key)
            #expect(retry.status == 201, "\(retry.body)")
            let accepted = try apiDecoder.decode(SubmissionAccepted.self, from: Data(retry.body.utf8))
            // After the commit, the answer was stored with the opinion: the retry gets it at once.
            #expect(retry.headers["Idempotent-Replayed"].first == (point == .afterCommit ? "true" : nil))
            let again = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: Self.submission(content), headers: key)
            #expect(again.status == 201 && again.body == retry.body)
            #expect(try await Self.receiptCodes(database, content: content) == [accepted.receiptCode])
            let outbox = try await Self.drainedOutbox(intake)
            #expect(outbox.drained && outbox.dead == 0)
        }
    }

    @Test("a burst of submissions while intake is killed three times: each acknowledged once, each retry answered alike, the outbox drains",
          arguments: Backend.allCases)
    func burstWithKills(backend: Backend) async throws {
        try await Self.withCrashableIntake(backend) { intake, database in
            let clients = 40
            let killer = Task {
                for _ in 0..<3 {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 150...400)))
                    try await intake.kill()
                    try await intake.start()
                }
            }
            // Each client submits once with its own key and retries, as a phone would, until answered.
            let answers = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for client in 0..<clients {
                    group.addTask {
                        var bodies: [String] = []
                        let deadline = ContinuousClock.now + .seconds(120)
                        while ContinuousClock.now < deadline {
                            let answer = try? await http(.POST, intake.baseURL + "/api/v1/opinions",
                                                         json: Self.submission("第\(client)位群众：楼道灯坏了没人修"),
                                                         headers: [("Idempotency-Key", "burst-\(client)")])
                            if let answer, answer.status == 201 {
                                bodies.append(answer.body)
                                if bodies.count == 2 { break }  // the answer, then one more retry of it
                            } else {
                                try await Task.sleep(for: .milliseconds(50))
                            }
                        }
                        return (client, bodies)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await killer.value
            for (client, bodies) in answers {
                #expect(bodies.count == 2 && bodies[0] == bodies[1], "client \(client): \(bodies)")
                guard let body = bodies.first else { continue }
                let accepted = try apiDecoder.decode(SubmissionAccepted.self, from: Data(body.utf8))
                #expect(try await Self.receiptCodes(database, content: "第\(client)位群众：楼道灯坏了没人修") == [accepted.receiptCode])
            }
            let outbox = try await Self.drainedOutbox(intake)
            #expect(outbox.drained, "messages are stuck in intake's outbox")
            #expect(outbox.dead == 0)
        }
    }
}

extension DatabaseURL {
    /// The same database; a SQLite one at `path` (the fresh URL's file is in another folder).
    func withSQLitePath(_ path: String) -> DatabaseURL {
        if case .sqlite = self { return .sqlite(path: path) }
        return self
    }
}
