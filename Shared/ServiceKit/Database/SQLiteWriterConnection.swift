import CSQLiteTuning
import GRDB
import GRDBSQLite

/// The one SQLite connection every write goes through, owned by the `GroupCommitWriter` and used
/// only on its thread. It is opened beside GRDB's pool (which keeps the readers), so that a
/// statement is a dictionary lookup and a few SQLite calls: no queue hop, no mutex.
final class SQLiteWriterConnection: @unchecked Sendable {
    private var connection: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// Pages in the write-ahead log after the last commit, as SQLite reports them.
    private var framesInLog: Int32 = 0
    /// SQLite's own default: copy the log back into the database file once it holds this many pages.
    private let checkpointThreshold: Int32 = 1000
    /// While writes are waiting, the copy waits until the log holds this many pages: it holds the
    /// writer for milliseconds, and everyone waiting with it.
    private let busyCheckpointThreshold: Int32 = 4000
    /// How many statements that change the database have run to their end on this connection. A
    /// statement that fails is undone by SQLite itself, so it does not count.
    private(set) var completedWrites = 0
    /// The audit head the open transaction has written.
    let memo = TransactionMemo()
    /// The numbers of the messages this connection writes.
    let messageNumbers = MessageNumbers()

    /// Opens `path`, which GRDB's pool has already put in WAL mode, with the pragmas durability
    /// depends on, and refuses a connection where they did not take.
    /// `vfs` names the VFS to open it with, nil for SQLite's default.
    init(path: String, busyTimeout: Double, vfs: String?) throws {
        // NOMUTEX: one thread at a time uses this connection, so SQLite's own locking is waste.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, vfs)
        guard code == SQLITE_OK else {
            let failure = sqliteFailure(connection, code)
            sqlite3_close_v2(connection)
            connection = nil
            throw failure
        }
        sqlite3_busy_timeout(connection, Int32(busyTimeout * 1000))
        // Replaces SQLite's automatic checkpoint, which runs inside COMMIT and so held the callers of
        // that commit back for the copy and the database file's fsync; see `checkpointIfDue`.
        sqlite3_wal_hook(connection, { context, _, _, frames in
            if let context { Unmanaged<SQLiteWriterConnection>.fromOpaque(context).takeUnretainedValue().framesInLog = frames }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
        // Room for a whole batch's records and cursors without malloc. Only speed depends on it.
        _ = youyue_sqlite_set_lookaside(connection, 2048, 256)
        do {
            // FULL: COMMIT returns only once the log is on disk, and only then do readers see it.
            for pragma in ["PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
                           // Each grouped transaction has its own SAVEPOINT; keep those journals in memory.
                           "PRAGMA temp_store = MEMORY"] {
                try run(SQL(pragma))
            }
        } catch {
            close()
            throw error
        }
    }

    func run(_ sql: SQL) throws {
        guard let connection else { throw sqliteFailure(nil, SQLITE_MISUSE) }
        let prepared = try statement(sql.text, connection)
        try runToEnd(prepared, sql, on: connection)
        countIfWrite(prepared)
    }

    func rows(_ sql: SQL) throws -> [SQLRow] {
        guard let connection else { throw sqliteFailure(nil, SQLITE_MISUSE) }
        let prepared = try statement(sql.text, connection)
        let rows = try readRows(prepared, sql, on: connection)
        countIfWrite(prepared)
        return rows
    }

    /// Whether a transaction is open. SQLite ends one by itself after some failures (a full disk,
    /// an I/O error), taking everything written in it along.
    var isInTransaction: Bool {
        connection.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    private func countIfWrite(_ statement: OpaquePointer) {
        // BEGIN, SAVEPOINT and the like count as read-only, which is what is wanted here.
        if sqlite3_stmt_readonly(statement) == 0 { completedWrites += 1 }
    }

    /// Copies the log back into the database file once it has grown past the threshold, a higher
    /// one while `writesWaiting`. Called by the writer between transactions, after the last
    /// commit's callers were answered: they waited for the log's flush only, and the next
    /// transaction starts the log again from its beginning.
    func checkpointIfDue(writesWaiting: Bool) {
        guard framesInLog >= (writesWaiting ? busyCheckpointThreshold : checkpointThreshold), let connection else { return }
        // PASSIVE never waits for readers; what one still holds is copied at a later checkpoint.
        _ = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }

    /// Finalizes the cached statements and closes the connection; later calls fail.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        sqlite3_close_v2(connection)
        connection = nil
    }

    deinit {
        close()
    }

    /// The prepared statement for `text`, prepared once and kept: hot paths repeat a few statements.
    private func statement(_ text: String, _ connection: OpaquePointer) throws -> OpaquePointer {
        if let cached = statements[text] { return cached }
        var prepared: OpaquePointer?
        let code = text.withCString { sql in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, &tail)
            // Only the first statement would run: refuse the text rather than drop the rest.
            if code == SQLITE_OK, let tail, !String(cString: tail).allSatisfy(\.isWhitespace) {
                sqlite3_finalize(prepared)
                prepared = nil
            }
            return code
        }
        guard code == SQLITE_OK else { throw sqliteFailure(connection, code) }
        guard let prepared else { throw DatabaseError.unexpected("not exactly one SQL statement: \(text.prefix(60))") }
        statements[text] = prepared
        return prepared
    }
}
