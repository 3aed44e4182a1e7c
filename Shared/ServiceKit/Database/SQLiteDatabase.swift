import Foundation
import GRDB

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
        writer = GroupCommitWriter(pool: pool)
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
        try? pool.close()
    }
}

/// Runs one statement on a GRDB connection, through its statement cache (hot paths repeat the
/// same few statements).
func executeStatement(_ db: GRDB.Database, _ sql: SQL) throws {
    let statement = try db.cachedStatement(sql: sql.text)
    try statement.execute(arguments: statementArguments(sql.bindings))
}

func fetchRows(_ db: GRDB.Database, _ sql: SQL) throws -> [SQLRow] {
    let statement = try db.cachedStatement(sql: sql.text)
    let columns = statement.columnNames
    return try Row.fetchAll(statement, arguments: statementArguments(sql.bindings)).map { row in
        SQLRow(columns: columns, values: (0..<columns.count).map { sqlValue(row[$0] as DatabaseValue) })
    }
}

func statementArguments(_ values: [SQLValue]) -> StatementArguments {
    StatementArguments(values.map { value -> DatabaseValue in
        switch value {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let bytes): Data(bytes).databaseValue
        }
    })
}

func sqlValue(_ value: DatabaseValue) -> SQLValue {
    switch value.storage {
    case .null: .null
    case .int64(let number): .integer(number)
    case .double(let number): .real(number)
    case .string(let text): .text(text)
    case .blob(let data): .blob([UInt8](data))
    }
}
