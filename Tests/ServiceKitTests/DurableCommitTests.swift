import CSQLiteTuning
import Foundation
import GRDBSQLite
import Synchronization
import Testing
@testable import ServiceKit
import TestSupport

/// SQLite's writer commits with synchronous=FULL: COMMIT flushes the log before it returns. These
/// tests hold that flush back, or fail it, to see that nothing is answered, and nothing is read,
/// before it has succeeded.
@Suite("Durable commits on SQLite", .timeLimit(.minutes(3)))
struct DurableCommitTests {
    @Test("a write is answered only after its commit is flushed, and no read shows it before")
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
            // The row is in the log, not yet on disk: a read goes on without it.
            #expect(try await db.query("SELECT id FROM notes").isEmpty)
            try await Task.sleep(for: .milliseconds(300))
            #expect(!written.isRaised)

            gate.release()
            try await write.value
            #expect(written.isRaised)
            #expect(try await db.query("SELECT id FROM notes").map { try $0.string("id") } == ["a"])
            #expect(gate.flushes > flushesBefore)
        }
    }

    @Test("a failed flush fails the write that waited for it, and leaves nothing of it")
    func failedFlushFailsTheWrite() async throws {
        try await Self.withGatedNotes { db, gate in
            gate.failNext()
            await #expect(throws: (any Error).self) {
                try await db.execute("INSERT INTO notes (id) VALUES ('lost')")
            }
            #expect(try await db.query("SELECT id FROM notes").isEmpty)
            // The next flush succeeds again, and so does the next write.
            try await db.execute("INSERT INTO notes (id) VALUES ('kept')")
            #expect(try await db.query("SELECT id FROM notes").map { try $0.string("id") } == ["kept"])
        }
    }

    @Test("a write that arrives while a batch's bodies run joins that batch and shares its one flush")
    func writeArrivingDuringBodiesJoinsTheBatch() async throws {
        try await Self.withGatedNotes { db, gate in
            let flushesBefore = gate.flushes
            let bodyRunning = Flag()
            let first = Task {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO notes (id) VALUES ('first')")
                    bodyRunning.raise()
                    // Keeps the batch's bodies running until the second write waits behind them.
                    for _ in 0..<500 where db.writer.queuedTransactions == 0 {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                }
            }
            while !bodyRunning.isRaised { try await Task.sleep(for: .milliseconds(5)) }
            try await db.execute("INSERT INTO notes (id) VALUES ('second')")
            try await first.value
            // Waiting for the next batch would have cost a flush of its own.
            #expect(gate.flushes == flushesBefore + 1)
            #expect(try await db.query("SELECT id FROM notes ORDER BY id").map { try $0.string("id") } == ["first", "second"])
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
        let path = folder + "/notes.sqlite"
        let gate = FlushGate.register(forLogOf: path)
        defer { FlushGate.unregister(forLogOf: path) }
        let db = try SQLiteDatabase(path: path)
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

/// Sits in front of a log's fsync (through the writer VFS's sync hook): counts flushes, and can
/// hold them back or fail the next one.
final class FlushGate: @unchecked Sendable {
    /// The gates of the logs tests watch, by the log's file name (unique: each test has a folder).
    private static let gates = Mutex<[String: FlushGate]>([:])

    /// The hook, installed once for the whole process; a log no test watches passes at once.
    private static let hookInstalled: Void = youyue_set_wal_sync_hook { path in
        guard let path else { return SQLITE_OK }
        let name = String(cString: path)
        guard let gate = FlushGate.gates.withLock({ gates in gates.first { name.hasSuffix($0.key) }?.value }) else { return SQLITE_OK }
        // SQLITE_IOERR_FSYNC, a C macro Swift does not import.
        return gate.pass() == nil ? SQLITE_OK : SQLITE_IOERR | (4 << 8)
    }

    static func register(forLogOf databasePath: String) -> FlushGate {
        _ = hookInstalled
        let gate = FlushGate()
        gates.withLock { $0[logKey(databasePath)] = gate }
        return gate
    }

    static func unregister(forLogOf databasePath: String) {
        _ = gates.withLock { $0.removeValue(forKey: logKey(databasePath)) }
    }

    /// The end of the log's path, folder included: SQLite may name the folder otherwise (its full
    /// path), never the test's unique folder and the file.
    private static func logKey(_ databasePath: String) -> String {
        let url = URL(fileURLWithPath: databasePath)
        return "/" + url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent + "-wal"
    }

    private let condition = NSCondition()
    private var held = false
    private var holding = false
    private var failing = false
    private var count = 0

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

    fileprivate func pass() -> (any Error)? {
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
