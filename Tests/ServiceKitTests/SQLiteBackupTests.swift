import Foundation
import ServiceKit
import TestSupport
import Testing

@Suite("SQLite backup")
struct SQLiteBackupTests {
    @Test("an online backup taken while the service writes is a consistent, openable database; restoring brings the data back")
    func onlineBackup() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let live = folder + "/intake.sqlite", copy = folder + "/backup/intake.sqlite"
        try FileManager.default.createDirectory(atPath: folder + "/backup", withIntermediateDirectories: true)
        let database = try openDatabase(.sqlite(path: live), logger: testLogger)
        try await database.execute("CREATE TABLE notes (id BIGINT PRIMARY KEY, text TEXT NOT NULL)")
        for id in 1...200 { try await database.execute("INSERT INTO notes (id, text) VALUES (\(id), \("意见 \(id)"))") }
        // Writers keep going while the backup runs.
        let writer = Task { for id in 201...400 { try await database.execute("INSERT INTO notes (id, text) VALUES (\(id), \("意见 \(id)"))") } }
        try backupSQLite(from: live, to: copy)
        try await writer.value

        let backup = try openDatabase(.sqlite(path: copy), logger: testLogger)
        let copied = try await backup.queryFirst("SELECT COUNT(*) AS n, MAX(id) AS top FROM notes")
        // A snapshot: every row up to some point, none missing in between.
        let count = try copied?.int("n") ?? 0
        let top = try copied?.int("top") ?? -1
        #expect(count >= 200 && count <= 400 && top == count)
        await backup.close()

        try await database.execute("DELETE FROM notes")
        await database.close()
        try backupSQLite(from: copy, to: live)
        let restored = try openDatabase(.sqlite(path: live), logger: testLogger)
        #expect(try await restored.queryFirst("SELECT COUNT(*) AS n FROM notes")?.int("n") == count)
        await restored.close()

        #expect(throws: BackupFailed.self) { try backupSQLite(from: folder + "/missing.sqlite", to: folder + "/x.sqlite") }
    }
}
