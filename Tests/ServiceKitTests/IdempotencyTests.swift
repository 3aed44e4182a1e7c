import Contracts
import Foundation
import Testing
@testable import ServiceKit
import TestSupport

/// `Idempotency-Key` as a client sees it: through the sender's real `POST /api/v1/notes`, on both
/// databases, counting the notes that were really stored.
@Suite("Idempotency")
struct IdempotencyTests {
    static func withSender(_ backend: Backend, _ body: (RunningService, _ notes: () async throws -> [String]) async throws -> Void) async throws {
        try await withFreshDatabaseURL(backend) { url in
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let service = try await startService(senderDefinition, configuration: testConfiguration(
                .intake, database: url, peers: [.routing: 9], folder: folder))
            let reader = try openDatabase(url, logger: testLogger)
            do {
                try await body(service) { try await reader.query("SELECT text FROM notes ORDER BY text").map { try $0.string("text") } }
            } catch {
                await reader.close()
                await service.stop()
                throw error
            }
            await reader.close()
            await service.stop()
        }
    }

    @Test("a retry gets the stored answer, the same key with another body is 422, and the note is stored once", arguments: Backend.allCases)
    func retryReplays(backend: Backend) async throws {
        try await Self.withSender(backend) { service, notes in
            let url = service.baseURL + "/api/v1/notes"
            let key = [("Idempotency-Key", "submit-1")]
            let first = try await http(.POST, url, json: #"{"text":"电梯加装"}"#, headers: key)
            let retry = try await http(.POST, url, json: #"{"text":"电梯加装"}"#, headers: key)
            #expect(first.status == 201)
            #expect(retry.status == 201)
            #expect(retry.body == first.body)
            #expect(first.headers["Idempotent-Replayed"].isEmpty)
            #expect(retry.headers["Idempotent-Replayed"].first == "true")
            let other = try await http(.POST, url, json: #"{"text":"别的内容"}"#, headers: key)
            #expect(other.status == 422)
            #expect(other.body.contains("idempotency-key-reused"))
            // A different key is a different submission.
            let fresh = try await http(.POST, url, json: #"{"text":"电梯加装"}"#, headers: [("Idempotency-Key", "submit-2")])
            #expect(fresh.status == 201 && fresh.body != first.body)
            #expect(try await notes() == ["电梯加装", "电梯加装"])
        }
    }

    @Test("a refused request stores nothing, so the same key can carry the corrected request", arguments: Backend.allCases)
    func refusalStoresNothing(backend: Backend) async throws {
        try await Self.withSender(backend) { service, notes in
            let url = service.baseURL + "/api/v1/notes"
            let key = [("Idempotency-Key", "fix-and-resend")]
            let refused = try await http(.POST, url, json: #"{"text":""}"#, headers: key)
            #expect(refused.status == 422)
            let again = try await http(.POST, url, json: #"{"text":""}"#, headers: key)
            #expect(again.status == 422 && again.headers["Idempotent-Replayed"].isEmpty)
            let corrected = try await http(.POST, url, json: #"{"text":"路灯不亮"}"#, headers: key)
            #expect(corrected.status == 201)
            #expect(try await notes() == ["路灯不亮"])
        }
    }

    @Test("twins racing with one key: one note, and every twin gets the one answer", arguments: Backend.allCases)
    func racingTwins(backend: Backend) async throws {
        try await Self.withSender(backend) { service, notes in
            let url = service.baseURL + "/api/v1/notes"
            let answers = try await withThrowingTaskGroup(of: (status: Int, body: String).self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        let answer = try await http(.POST, url, json: #"{"text":"同时提交"}"#, headers: [("Idempotency-Key", "twins")])
                        return (answer.status, answer.body)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 201 }, "\(answers.map(\.status))")
            #expect(Set(answers.map(\.body)).count == 1)
            #expect(try await notes() == ["同时提交"])
        }
    }

    @Test("an answer commits with its effect or not at all; a day later the key is free again", arguments: Backend.allCases)
    func answerCommitsWithEffect(backend: Backend) async throws {
        try await withKitDatabase(backend, extra: [senderDefinition.migrations]) { db in
            let store = IdempotencyStore(database: db)
            let now = Date()
            let answer = Answer(status: 201, contentType: "application/json", body: Array(#"{"id":"1"}"#.utf8))
            #expect(try await store.lookup(key: "k", requestHash: "h1", now: now) == .absent)
            try await db.transaction { tx in
                try await tx.execute("INSERT INTO notes (id, text) VALUES ('n1', 'first')")
                try await store.storeAnswer(answer, key: "k", requestHash: "h1", in: tx, now: now)
            }
            #expect(try await store.lookup(key: "k", requestHash: "h1", now: now) == .replay(answer))
            #expect(try await store.lookup(key: "k", requestHash: "h2", now: now) == .mismatch)
            // A second effect under the same key rolls back whole.
            await #expect(throws: IdempotencyKeyTaken.self) {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO notes (id, text) VALUES ('n2', 'second')")
                    try await store.storeAnswer(answer, key: "k", requestHash: "h1", in: tx, now: now)
                }
            }
            #expect(try await db.query("SELECT id FROM notes").map { try $0.string("id") } == ["n1"])
            // 24 hours later the key is forgotten and may be used again.
            let later = now.addingTimeInterval(24 * 3600 + 1)
            #expect(try await store.lookup(key: "k", requestHash: "h2", now: later) == .absent)
            try await db.transaction { tx in try await store.storeAnswer(answer, key: "k", requestHash: "h2", in: tx, now: later) }
            #expect(try await store.lookup(key: "k", requestHash: "h2", now: later) == .replay(answer))
        }
    }
}
