import Foundation
import Testing
@testable import ServiceKit
import TestSupport

/// The writer's commits reach the write-ahead log through a VFS that gathers each commit's frames
/// into one write. What a power cut would leave is the files as they are on disk; a copy of them
/// taken while the database is open stands in for that (the flush itself is tested elsewhere).
/// Opening the copy recovers it from the log, checking every frame's checksum.
@Suite("Write-ahead log writes on SQLite", .timeLimit(.minutes(1)))
struct LogWritesTests {
    @Test("the writer's connection goes through the batching VFS")
    func writerUsesTheBatchingVFS() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SQLiteDatabase(path: folder + "/vfs.sqlite")
        #expect(SQLiteDatabase.tunedSQLiteWriterVFS == "youyue-wal-batching")
    }

    @Test("every acknowledged commit is in the files the moment it is acknowledged, small or larger than the gathering buffer")
    func acknowledgedCommitsAreInTheFiles() async throws {
        var expected: [Int: [UInt8]] = [:]
        try await Self.writeThenOpenACopy { db, path in
            try await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
            for id in 1...40 {
                // Mostly small commits; every tenth one far larger than one write's buffer.
                let body = randomBytes(id % 10 == 0 ? 1_500_000 : 300)
                try await db.execute("INSERT INTO notes (id, body) VALUES (\(id), \(SQLValue.blob(body)))")
                expected[id] = body
            }
            // The last commits live in the log only, the largest of them among them.
            let logSize = try #require(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
            #expect(logSize > 1_500_000)
        } check: { copy in
            let rows = try await copy.query("SELECT id, body FROM notes ORDER BY id")
            #expect(rows.count == 40)
            for row in rows {
                let id = Int(try row.int("id"))
                guard case .blob(let body) = row.values[1] else {
                    Issue.record("note \(id) has no blob")
                    continue
                }
                #expect(body == expected[id], "note \(id) differs")
            }
            #expect(try await copy.query("PRAGMA integrity_check").first?.string("integrity_check") == "ok")
        }
    }

    @Test("a transaction larger than the page cache, which rewrites pages it already wrote to the log, is whole in the files")
    func spilledTransactionIsWholeInTheFiles() async throws {
        try await Self.writeThenOpenACopy { db, _ in
            try await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB NOT NULL, revised INTEGER NOT NULL)")
            // About 800 pages: more than SQLite's page cache holds (it writes some to the log before
            // the commit), fewer than the 1,000 that start a checkpoint. Changing the first notes
            // again makes SQLite rewrite their pages, and the checksums after them, in the log.
            try await db.transaction { tx in
                for id in 1...1_500 {
                    try await tx.execute("INSERT INTO notes (id, body, revised) VALUES (\(id), \(SQLValue.blob(randomBytes(2_000))), 0)")
                }
                try await tx.execute("UPDATE notes SET revised = 1 WHERE id <= 200")
            }
        } check: { copy in
            let counts = try await copy.query("SELECT COUNT(*) AS notes, SUM(revised) AS revised FROM notes").first
            #expect(try counts?.int("notes") == 1_500)
            #expect(try counts?.int("revised") == 200)
        }
    }

    /// Runs `write` on a new database (given with its path), copies its file and log while it is
    /// still open, and runs `check` on the copy.
    static func writeThenOpenACopy(
        _ write: (SQLiteDatabase, String) async throws -> Void, check: (SQLiteDatabase) async throws -> Void
    ) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/log.sqlite"
        let db = try SQLiteDatabase(path: path)
        try await write(db, path)
        let copyPath = folder + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copyPath)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: copyPath + "-wal")
        let copy = try SQLiteDatabase(path: copyPath)
        try await check(copy)
        await copy.close()
        await db.close()
    }
}
