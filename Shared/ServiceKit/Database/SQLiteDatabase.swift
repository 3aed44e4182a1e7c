import CSQLiteTuning
import Foundation
import GRDB
import GRDBSQLite

/// SQLite in WAL mode with `synchronous=FULL`, where an acknowledged write survives a power cut.
/// Reads run on the readers of GRDB's `DatabasePool`; every write goes through one
/// `GroupCommitWriter`, which folds concurrent transactions into one commit, and so into one
/// flush of the log, on a connection of its own. SQLite shows a commit to readers only once its
/// COMMIT has flushed the log, so no read shows data a power cut could take back.
public final class SQLiteDatabase: Database {
    public let dialect = SQLDialect.sqlite
    public let location: String
    let pool: DatabasePool
    let writer: GroupCommitWriter

    /// Opens (creating if needed) the file at `path` and refuses to run if the pragmas that
    /// durability depends on did not take.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        let writerVFS = Self.tunedSQLiteWriterVFS
        try Self.createPrivately(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        // The group-commit writer holds a transaction open across several write calls.
        configuration.allowsUnsafeTransactions = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Group commit gives every transaction its own SAVEPOINT; keep those journals in memory.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        // GRDB's pool puts the file in WAL mode and keeps the readers; writes have a connection of
        // their own (see `SQLiteWriterConnection`).
        pool = try DatabasePool(path: path, configuration: configuration)
        location = "sqlite:" + path
        let writerConnection = try SQLiteWriterConnection(path: path, busyTimeout: busyTimeout, vfs: writerVFS)
        try Self.requireSafePragmas { try writerConnection.rows(SQL($0)).first?.values.first ?? .null }
        try pool.read { db in try Self.requireSafePragmas { try fetchRows(db, SQL($0)).first?.values.first ?? .null } }
        writer = GroupCommitWriter(connection: writerConnection, name: "sqlite-writer")
    }

    /// Creates the file (an empty file is an empty database) readable by its owner only, in a
    /// folder only its owner can enter: it holds the ledger. SQLite gives the -wal and -shm files
    /// it creates beside it the database file's permissions.
    static func createPrivately(_ path: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        if !manager.fileExists(atPath: path) {
            // Fails only when a sibling process created it first, with the same permissions.
            _ = manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
    }

    /// Tunes SQLite once, before it is first used; only speed depends on it. Its memory statistics,
    /// which nothing here reads, lock a process-wide mutex around every allocation: they go off.
    /// The writer's VFS gathers each commit's log writes into one (see wal_batching.c); nil, the
    /// default VFS, if it could not be registered.
    static let tunedSQLiteWriterVFS: String? = {
        _ = youyue_sqlite_disable_memory_statistics()
        return youyue_sqlite_register_wal_batching() == SQLITE_OK ? YOUYUE_WAL_BATCHING_VFS : nil
    }()

    /// Refuses a connection whose pragmas would lose acknowledged writes; `pragma` reads one.
    static func requireSafePragmas(_ pragma: (String) throws -> SQLValue) throws {
        func text(_ name: String) throws -> String { if case .text(let value) = try pragma("PRAGMA \(name)") { value } else { "" } }
        func number(_ name: String) throws -> Int64 { if case .integer(let value) = try pragma("PRAGMA \(name)") { value } else { 0 } }
        let journal = try text("journal_mode")
        let synchronous = try number("synchronous")
        let foreignKeys = try number("foreign_keys")
        let busyTimeout = try number("busy_timeout")
        guard journal.lowercased() == "wal" else { throw DatabaseError.unsafeSettings("journal_mode is \(journal), not wal") }
        // 2 is FULL: in WAL mode, each COMMIT returns only once the log is on disk.
        guard synchronous == 2 else { throw DatabaseError.unsafeSettings("synchronous is \(synchronous), not FULL") }
        guard foreignKeys == 1 else { throw DatabaseError.unsafeSettings("foreign_keys is off") }
        guard busyTimeout > 0 else { throw DatabaseError.unsafeSettings("busy_timeout is 0") }
    }

    nonisolated(nonsending) public func execute(_ sql: SQL) async throws {
        try await writer.transaction { try await $0.execute(sql) }
    }

    /// Reads on one of the pool's readers, which see only commits that are on disk.
    nonisolated(nonsending) public func query(_ sql: SQL) async throws -> [SQLRow] {
        try await pool.read { db in try fetchRows(db, sql) }
    }

    public func transaction<Result: Sendable>(_ body: nonisolated(nonsending) @escaping @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result {
        try await writer.transaction(body)
    }

    public func close() async {
        await writer.close()
        try? pool.close()
    }

    deinit {
        // A database dropped without `close()` still gives its writer's thread back.
        writer.stop()
    }
}

/// Reads through one of the pool's reader connections and GRDB's statement cache.
func fetchRows(_ db: GRDB.Database, _ sql: SQL) throws -> [SQLRow] {
    guard let connection = db.sqliteConnection else { throw sqliteFailure(nil, SQLITE_MISUSE) }
    return try readRows(try db.cachedStatement(sql: sql.text).sqliteStatement, sql, on: connection)
}
