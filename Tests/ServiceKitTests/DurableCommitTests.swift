import Foundation
import Synchronization
import Testing
@testable import ServiceKit
import TestSupport

/// SQLite's writer commits without waiting for the disk and a flusher thread fsyncs the log. These
/// tests hold that flush back, to see that nothing is answered, and nothing is read, before it.
@Suite("Durable commits on SQLite", .timeLimit(.minutes(1)))
struct DurableCommitTests {
    @Test("a write is answered only after its commit is flushed, and a read that could show it waits too")
    func answersWaitForTheFlush() async throws {
        try await Self.withGatedNotes { db, gate in
            let flushesBefore = gate.flushes
            gate.hold()
            let written = Flag()
            let write = Task {
                try await db.execute("INSERT INTO notes (id) VALUES ('a')")
                written.raise()
            }
            try await gate.waitUntilAFlushIsHeld()
            // The row is committed and visible to SQLite's readers, but not yet on disk.
            let readDone = Flag()
            let read = Task {
                defer { readDone.raise() }
                return try await db.query("SELECT id FROM notes")
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(!written.isRaised)
            #expect(!readDone.isRaised)

            gate.release()
            try await write.value
            #expect(written.isRaised)
            #expect(try await read.value.map { try $0.string("id") } == ["a"])
            #expect(gate.flushes > flushesBefore)
        }
    }

    @Test("a failed flush fails the write that waited for it")
    func failedFlushFailsTheWrite() async throws {
        try await Self.withGatedNotes { db, gate in
            gate.failNext()
            await #expect(throws: DatabaseError.self) {
                try await db.execute("INSERT INTO notes (id) VALUES ('lost')")
            }
            // The next flush succeeds again, and so does the next write.
            try await db.execute("INSERT INTO notes (id) VALUES ('kept')")
        }
    }

    @Test("reads with no write under way are not held back")
    func idleReadsDoNotWait() async throws {
        try await Self.withGatedNotes { db, gate in
            try await db.execute("INSERT INTO notes (id) VALUES ('a')")
            // Every commit is on disk: a read goes through even while a (later) flush would be held.
            gate.hold()
            #expect(try await db.query("SELECT id FROM notes").count == 1)
            gate.release()
        }
    }

    @Test("the log is copied into the database file and started again while writes go on")
    func logIsCheckpointedBetweenCommits() async throws {
        try await Self.withGatedNotes { db, _ in
            try await db.execute("CREATE TABLE pages (body BLOB)")
            // 400 commits of 16 KB each put about 2,000 pages through the log, twice the threshold.
            for _ in 0..<400 {
                try await db.execute(SQL("INSERT INTO pages (body) VALUES (?)", [.blob(randomBytes(16_384))]))
            }
            let path = String(db.location.dropFirst("sqlite:".count))
            let logSize = try #require(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
            let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            // A log never started again would hold all of it, over 8 MB.
            #expect(logSize < 6_000_000)
            #expect(fileSize > 2_000_000)
            #expect(try await db.query("SELECT COUNT(*) AS n FROM pages").first?.int("n") == 400)
        }
    }

    /// A SQLite database with a `notes` table whose log flushes pass through a `FlushGate`.
    static func withGatedNotes(_ body: (SQLiteDatabase, FlushGate) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let gate = FlushGate()
        let db = try SQLiteDatabase(path: folder + "/notes.sqlite", busyTimeout: 5, flush: gate.flush)
        try await db.execute("CREATE TABLE notes (id TEXT)")
        do {
            try await body(db, gate)
        } catch {
            gate.release()
            await db.close()
            throw error
        }
        await db.close()
    }
}

/// Stands in for the log's fsync: counts flushes, and can hold them back or fail the next one.
final class FlushGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var held = false
    private var holding = false
    private var failing = false
    private var count = 0

    var flush: @Sendable () -> (any Error)? {
        { [self] in pass() }
    }

    var flushes: Int {
        condition.lock()
        defer { condition.unlock() }
        return count
    }

    private var isHolding: Bool {
        condition.lock()
        defer { condition.unlock() }
        return holding
    }

    func hold() { set { $0.held = true } }
    func release() { set { $0.held = false } }
    func failNext() { set { $0.failing = true } }

    /// Returns once a flush is waiting at the gate.
    func waitUntilAFlushIsHeld() async throws {
        for _ in 0..<500 {
            if isHolding { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no flush reached the gate within 5 s")
    }

    private func set(_ change: (FlushGate) -> Void) {
        condition.lock()
        change(self)
        condition.broadcast()
        condition.unlock()
    }

    private func pass() -> (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        holding = true
        while held { condition.wait() }
        holding = false
        count += 1
        if failing {
            failing = false
            return DatabaseError.unexpected("the disk refused the flush")
        }
        return nil
    }
}

final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func raise() { value.store(true, ordering: .sequentiallyConsistent) }
    var isRaised: Bool { value.load(ordering: .sequentiallyConsistent) }
}
