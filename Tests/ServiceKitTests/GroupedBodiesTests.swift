import Contracts
import Foundation
import Synchronization
import Testing
@testable import ServiceKit

/// SQLite's writer runs the bodies of one commit bare, without a savepoint each. These tests gather
/// several bodies into one commit (they queue while the previous commit's flush is held) and check
/// that each failing body still undoes only itself.
@Suite("Grouped transaction bodies on SQLite", .timeLimit(.minutes(1)))
struct GroupedBodiesTests {
    struct Refused: Error {}

    @Test("in one commit, a body failing before it wrote costs nothing, one failing after it wrote is undone, and the others are kept once")
    func failingBodiesUndoOnlyThemselves() async throws {
        try await Self.withBodiesQueued { db, log, release in
            // Queued one after another, the four run in this order in one commit.
            let kept = try await log.queue("kept") { tx in
                try await tx.execute("INSERT INTO notes (id) VALUES ('kept')")
            }
            let readOnlyFailure = try await log.queue("readOnlyFailure") { tx in
                _ = try await tx.query("SELECT id FROM notes")
                throw Refused()
            }
            let writingFailure = try await log.queue("writingFailure") { tx in
                try await tx.execute("INSERT INTO notes (id) VALUES ('undone')")
                throw Refused()
            }
            let later = try await log.queue("later") { tx in
                try await tx.execute("INSERT INTO notes (id) VALUES ('later')")
            }
            #expect(log.runs.isEmpty)

            try await release()
            try await kept.value
            try await later.value
            await #expect(throws: Refused.self) { try await readOnlyFailure.value }
            await #expect(throws: Refused.self) { try await writingFailure.value }
            let ids = try await db.query("SELECT id FROM notes ORDER BY id").map { try $0.string("id") }
            #expect(ids == ["first", "kept", "later"])
            // Only the failure after a write made the body before it run again.
            #expect(log.runs == ["kept": 2, "readOnlyFailure": 1, "writingFailure": 1, "later": 1])
        }
    }

    @Test("a body that runs again gives its caller the value of its last run")
    func rerunBodyAnswersWithItsLastValue() async throws {
        try await Self.withBodiesQueued { db, log, release in
            let counted = try await log.queue("counted") { tx -> Int in
                try await tx.execute("INSERT INTO notes (id) VALUES ('counted')")
                return log.runs["counted", default: 0]
            }
            let failure = try await log.queue("failure") { tx -> Int in
                try await tx.execute("INSERT INTO notes (id) VALUES ('undone')")
                throw Refused()
            }
            try await release()
            #expect(try await counted.value == 2)
            await #expect(throws: Refused.self) { try await failure.value }
            #expect(try await db.query("SELECT id FROM notes WHERE id = 'counted'").count == 1)
        }
    }

    @Test("in one commit, each body's audit entry and message follow the last kept one, also after bodies were undone")
    func auditChainAndMessageNumbersRunOnAcrossBodies() async throws {
        try await Self.withBodiesQueued(migrations: [kitMigrations]) { db, log, release in
            /// Appends an audit entry and a message for one opinion; `fails` then refuses, undoing both.
            func record(_ name: String, fails: Bool = false) async throws -> Task<Void, any Error> {
                try await log.queue(name) { tx in
                    try await appendAudit(tx, suite: .national, actor: "citizen", action: "opinion.\(name)", entity: "opinion", entityID: "op_1")
                    try await enqueueMessage(tx, type: .opinionRecorded, to: [.evaluation], district: "jianghan", entity: "op_1", body: ["name": name])
                    if fails { throw Refused() }
                }
            }
            // The first failure has the batch run again, each body in a savepoint; the second is
            // then undone by its savepoint alone.
            let bodies = [try await record("a"), try await record("b"), try await record("undone", fails: true),
                          try await record("c"), try await record("undoneAgain", fails: true), try await record("d")]
            try await release()
            for (index, body) in bodies.enumerated() {
                if [2, 4].contains(index) {
                    await #expect(throws: Refused.self) { try await body.value }
                } else {
                    try await body.value
                }
            }
            let chain = try await verifyAuditChain(db, suite: .national)
            #expect(chain.intact)
            #expect(try await auditEntries(db).map(\.action) == ["opinion.a", "opinion.b", "opinion.c", "opinion.d"])
            // Numbers taken by undone bodies are skipped: receivers need an entity's order, not a count.
            let messages = try await db.query("SELECT sequence, body FROM outbox WHERE entity = 'op_1' ORDER BY sequence")
            let numbers = try messages.map { try $0.int("sequence") }
            #expect(Set(numbers).count == 4)
            #expect(try messages.map { try $0.string("body") } == ["a", "b", "c", "d"].map { #"{"name":"\#($0)"}"# })
        }
    }

    /// Runs `body` while a first commit's flush is held, so that everything `body` submits queues
    /// behind it and runs in the next commit; `release` lets the flush go. `migrations` are applied first.
    static func withBodiesQueued(
        migrations: [MigrationSet] = [],
        _ body: (SQLiteDatabase, BodyLog, _ release: () async throws -> Void) async throws -> Void
    ) async throws {
        try await DurableCommitTests.withGatedNotes { db, gate in
            _ = try await migrate(db, migrations)
            gate.hold()
            let first = Task { try await db.execute("INSERT INTO notes (id) VALUES ('first')") }
            try await gate.waitUntilAFlushIsHeld()
            try await body(db, BodyLog(db)) {
                gate.release()
                try await first.value
            }
        }
    }
}

/// Queues named transactions on a writer that is busy, and counts how often each body ran.
final class BodyLog: Sendable {
    private let db: SQLiteDatabase
    private let state = Mutex<[String: Int]>([:])

    init(_ db: SQLiteDatabase) {
        self.db = db
    }

    var runs: [String: Int] { state.withLock { $0 } }

    /// Submits transaction `name` and returns once it waits in the writer's queue, so that the
    /// next one queues behind it.
    func queue<Value: Sendable>(
        _ name: String, _ body: @escaping @Sendable (any SQLExecutor) async throws -> Value
    ) async throws -> Task<Value, any Error> {
        let queuedBefore = db.writer.queuedTransactions
        let task = Task { [db] in
            try await db.transaction { tx in
                self.state.withLock { $0[name, default: 0] += 1 }
                return try await body(tx)
            }
        }
        for _ in 0..<500 {
            if db.writer.queuedTransactions > queuedBefore { return task }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("transaction \(name) was not queued within 5 s")
        return task
    }
}
