import Foundation
import GRDB
import GRDBSQLite

/// SQLite through GRDB: a `DatabasePool` in WAL mode with `synchronous=FULL`, so an acknowledged
/// write survives a power cut. Reads run on the pool's readers; every write goes through one
/// `GroupCommitWriter`, which folds concurrent transactions into one durable commit.
public final class SQLiteDatabase: Database {
    public let dialect = SQLDialect.sqlite
    public let location: String
    let pool: DatabasePool
    let writer: GroupCommitWriter

    /// Opens (creating if needed) the file at `path` and refuses to run if the pragmas that
    /// durability depends on did not take.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
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
        pool = try DatabasePool(path: path, configuration: configuration)
        location = "sqlite:" + path
        writer = GroupCommitWriter(pool: pool, name: "sqlite-writer")
        try Self.checkDurability(of: pool)
    }

    static func checkDurability(of pool: DatabasePool) throws {
        // GRDB turns synchronous down to NORMAL on the writer when it enables WAL; every write goes
        // through that one connection, so setting FULL there makes each commit durable.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try requireSafePragmas(db)
        }
        try pool.read { db in try requireSafePragmas(db) }
    }

    static func requireSafePragmas(_ db: GRDB.Database) throws {
        let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 0
        let foreignKeys = try Int.fetchOne(db, sql: "PRAGMA foreign_keys") ?? 0
        let busyTimeout = try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0
        guard journal.lowercased() == "wal" else { throw DatabaseError.unsafeSettings("journal_mode is \(journal), not wal") }
        guard synchronous == 2 else { throw DatabaseError.unsafeSettings("synchronous is \(synchronous), not FULL (2)") }
        guard foreignKeys == 1 else { throw DatabaseError.unsafeSettings("foreign_keys is off") }
        guard busyTimeout > 0 else { throw DatabaseError.unsafeSettings("busy_timeout is 0") }
    }

    public func execute(_ sql: SQL) async throws {
        try await writer.transaction { try await $0.execute(sql) }
    }

    public func query(_ sql: SQL) async throws -> [SQLRow] {
        try await pool.read { db in try fetchRows(db, sql) }
    }

    public func transaction<Result: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result {
        try await writer.transaction(body)
    }

    public func close() async {
        writer.stop()
        try? pool.close()
    }

    deinit {
        // A database dropped without `close()` still gives its writer's thread back.
        writer.stop()
    }
}

/// Runs one statement on a GRDB connection, through its statement cache (hot paths repeat the
/// same few statements).
func executeStatement(_ db: GRDB.Database, _ sql: SQL) throws {
    let handle = try boundStatement(db, sql)
    var code = sqlite3_step(handle)
    while code == SQLITE_ROW { code = sqlite3_step(handle) }
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else { throw sqliteError(db, code) }
}

func fetchRows(_ db: GRDB.Database, _ sql: SQL) throws -> [SQLRow] {
    let handle = try boundStatement(db, sql)
    defer { sqlite3_reset(handle) }
    let count = sqlite3_column_count(handle)
    let columns = (0..<count).map { String(cString: sqlite3_column_name(handle, $0)) }
    var rows: [SQLRow] = []
    while true {
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return rows }
        guard code == SQLITE_ROW else { throw sqliteError(db, code) }
        rows.append(SQLRow(columns: columns, values: (0..<count).map { columnValue(handle, $0) }))
    }
}

/// The cached statement for `sql`, reset and bound with SQLite's own calls: building GRDB's
/// `StatementArguments` and rows was the largest single cost on the writer in profiles.
private func boundStatement(_ db: GRDB.Database, _ sql: SQL) throws -> OpaquePointer {
    let handle = try db.cachedStatement(sql: sql.text).sqliteStatement
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    for (offset, value) in sql.bindings.enumerated() {
        let index = Int32(offset + 1)
        let code: Int32 = switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let number): sqlite3_bind_int64(handle, index, number)
        case .real(let number): sqlite3_bind_double(handle, index, number)
        case .text(let text): sqlite3_bind_text(handle, index, text, -1, sqliteTransient)
        case .blob(let bytes): bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient) }
        }
        guard code == SQLITE_OK else { throw sqliteError(db, code) }
    }
    return handle
}

private func columnValue(_ handle: OpaquePointer, _ index: Int32) -> SQLValue {
    switch sqlite3_column_type(handle, index) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
    case SQLITE_TEXT:
        guard let text = sqlite3_column_text(handle, index) else { return .text("") }
        return .text(String(cString: text))
    case SQLITE_BLOB:
        let length = Int(sqlite3_column_bytes(handle, index))
        guard length > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
        return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
    default: return .null
    }
}

/// SQLite copies bound text and blobs at once (`SQLITE_TRANSIENT`).
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

private func sqliteError(_ db: GRDB.Database, _ code: Int32) -> GRDB.DatabaseError {
    GRDB.DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
}
