import Foundation
import GRDBSQLite

/// Copies a SQLite database with SQLite's online backup API: a consistent snapshot even while
/// the service keeps writing (a file copy of a WAL database can catch it half-written).
/// `destination` is replaced.
public func backupSQLite(from source: String, to destination: String) throws {
    var from: OpaquePointer?
    var to: OpaquePointer?
    defer {
        sqlite3_close_v2(from)
        sqlite3_close_v2(to)
    }
    guard sqlite3_open_v2(source, &from, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
        throw BackupFailed(path: source, reason: from.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open")
    }
    try? FileManager.default.removeItem(atPath: destination)
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: destination + suffix) }
    // A copy of the ledger, as private as the original.
    _ = FileManager.default.createFile(atPath: destination, contents: nil, attributes: [.posixPermissions: 0o600])
    guard sqlite3_open_v2(destination, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
        throw BackupFailed(path: destination, reason: to.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot create")
    }
    guard let backup = sqlite3_backup_init(to, "main", from, "main") else {
        throw BackupFailed(path: destination, reason: String(cString: sqlite3_errmsg(to)))
    }
    // All pages in one step; a busy source is retried briefly rather than failing at once.
    var result: Int32
    var attempts = 0
    repeat {
        result = sqlite3_backup_step(backup, -1)
        if result == SQLITE_BUSY || result == SQLITE_LOCKED {
            attempts += 1
            usleep(50_000)
        }
    } while (result == SQLITE_BUSY || result == SQLITE_LOCKED) && attempts < 200
    let finished = sqlite3_backup_finish(backup)
    guard result == SQLITE_DONE, finished == SQLITE_OK else {
        throw BackupFailed(path: source, reason: String(cString: sqlite3_errstr(result)))
    }
}

public struct BackupFailed: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "backup of \(path) failed: \(reason)" }
}
