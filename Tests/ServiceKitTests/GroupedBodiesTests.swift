import Foundation
import Synchronization
import Testing
@testable import ServiceKit

/// SQLite's writer runs the bodies of one commit bare, without a savepoint each. These tests gather
/// several bodies into one commit (the previous commit's flush is held, so the batch stays open)
/// and check that each failing body still undoes only itself.
@Suite("Grouped transaction bodies on SQLite", .timeLimit(.minutes(1)))
struct GroupedBodiesTests {
    struct Refused: Error {}

    @Test("in one commit, a body failing before it wrote costs nothing, one failing after it wrote is undone, and the others are kept once")
    func failingBodiesUndoOnlyThemselves() async throws {
        try await Self.withBatchHeldOpen { db, log, release in
            // Each body holds the writer until the next caller has submitted, so all four share
            // one commit, in this order.
            let kept = log.start("kept", before: "readOnlyFailure") { tx in
                try await tx.execute("INSERT INTO notes (id) VALUES ('kept')")
            }
            try await log.waitUntilRun("kept")
            let readOnlyFailure = log.start("readOnlyFailure", before: "writingFailure") { tx in
                _ = try await tx.query("SELECT id FROM notes")
                throw Refused()
            }
            try await log.waitUntilRun("readOnlyFailure")
            let writingFailure = log.start("writingFailure", before: "later") { tx in
                try await tx.execute("INSERT INTO notes (id) VALUES ('undone')")
                throw Refused()
            }
            try await log.waitUntilRun("writingFailure")
            let later = log.start("later", before: nil) { tx in
                try await tx.execute("INSERT INTO notes (id) VALUES ('later')")
            }

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
        try await Self.withBatchHeldOpen { db, log, release in
            let counted = log.start("counted", before: "failure") { tx -> Int in
                try await tx.execute("INSERT INTO notes (id) VALUES ('counted')")
                return log.runs["counted", default: 0]
            }
            try await log.waitUntilRun("counted")
            let failure = log.start("failure", before: nil) { tx -> Int in
                try await tx.execute("INSERT INTO notes (id) VALUES ('undone')")
                throw Refused()
            }
            try await log.waitUntilRun("failure")
            try await release()
            #expect(try await counted.value == 2)
            await #expect(throws: Refused.self) { try await failure.value }
            #expect(try await db.query("SELECT id FROM notes WHERE id = 'counted'").count == 1)
        }
    }

    /// Runs `body` while a first commit's flush is held, so that the writer keeps its next batch
    /// open and everything `body` submits gathers in it; `release` lets the flush go.
    static func withBatchHeldOpen(
        _ body: (SQLiteDatabase, BodyLog, _ release: () async throws -> Void) async throws -> Void
    ) async throws {
        try await DurableCommitTests.withGatedNotes { db, gate in
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

/// Submits named transactions, counts how often each body ran, and lets a body hold the writer
/// until the next named caller has submitted its transaction.
final class BodyLog: Sendable {
    private let db: SQLiteDatabase
    private let state = Mutex<(runs: [String: Int], submitted: Set<String>)>(([:], []))

    init(_ db: SQLiteDatabase) {
        self.db = db
    }

    var runs: [String: Int] { state.withLock { $0.runs } }

    /// Submits transaction `name`; its body runs `body`, then waits (holding the writer's thread)
    /// until the caller named `next` has submitted, so that `next` joins the same commit.
    func start<Value: Sendable>(
        _ name: String, before next: String?, _ body: @escaping @Sendable (any SQLExecutor) async throws -> Value
    ) -> Task<Value, any Error> {
        Task { [db] in
            markSubmitted(name)
            return try await db.transaction { tx in
                self.countRun(name)
                let outcome: Result<Value, any Error>
                do { outcome = .success(try await body(tx)) } catch { outcome = .failure(error) }
                if let next { self.holdUntilSubmitted(next) }
                return try outcome.get()
            }
        }
    }

    private func markSubmitted(_ name: String) {
        state.withLock { _ = $0.submitted.insert(name) }
    }

    private func countRun(_ name: String) {
        state.withLock { $0.runs[name, default: 0] += 1 }
    }

    /// Blocks the calling thread (the writer's) until `name` was submitted, and a moment more:
    /// from submitting to waiting in the writer's queue takes a little while.
    private func holdUntilSubmitted(_ name: String) {
        for _ in 0..<5_000 where !state.withLock({ $0.submitted.contains(name) }) { usleep(1_000) }
        usleep(100_000)
    }

    /// Returns once body `name` has run.
    func waitUntilRun(_ name: String) async throws {
        for _ in 0..<500 {
            if runs[name, default: 0] > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("body \(name) did not run within 5 s")
    }
}
