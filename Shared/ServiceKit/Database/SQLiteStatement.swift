import GRDB
import GRDBSQLite

// Running one prepared statement with SQLite's own calls. Both the readers (through GRDB's pool)
// and the writer (its own connection) use these: building GRDB's `StatementArguments` and rows
// was the largest single cost on the writer in profiles.

/// Steps `statement`, bound with `sql`'s values, to its end.
func runToEnd(_ statement: OpaquePointer, _ sql: SQL, on connection: OpaquePointer) throws {
    try bind(statement, sql, on: connection)
    var code = sqlite3_step(statement)
    while code == SQLITE_ROW { code = sqlite3_step(statement) }
    sqlite3_reset(statement)
    guard code == SQLITE_DONE else { throw sqliteFailure(connection, code) }
}

/// Steps `statement`, bound with `sql`'s values, collecting its rows.
func readRows(_ statement: OpaquePointer, _ sql: SQL, on connection: OpaquePointer) throws -> [SQLRow] {
    try bind(statement, sql, on: connection)
    defer { sqlite3_reset(statement) }
    let count = sqlite3_column_count(statement)
    let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
    var rows: [SQLRow] = []
    while true {
        let code = sqlite3_step(statement)
        if code == SQLITE_DONE { return rows }
        guard code == SQLITE_ROW else { throw sqliteFailure(connection, code) }
        rows.append(SQLRow(columns: columns, values: (0..<count).map { columnValue(statement, $0) }))
    }
}

private func bind(_ statement: OpaquePointer, _ sql: SQL, on connection: OpaquePointer) throws {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    for (offset, value) in sql.bindings.enumerated() {
        let index = Int32(offset + 1)
        let code: Int32 = switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .integer(let number): sqlite3_bind_int64(statement, index, number)
        case .real(let number): sqlite3_bind_double(statement, index, number)
        case .text(let text): sqlite3_bind_text(statement, index, text, -1, sqliteTransient)
        case .blob(let bytes): bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), sqliteTransient) }
        }
        guard code == SQLITE_OK else { throw sqliteFailure(connection, code) }
    }
}

private func columnValue(_ statement: OpaquePointer, _ index: Int32) -> SQLValue {
    switch sqlite3_column_type(statement, index) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
    case SQLITE_TEXT:
        guard let text = sqlite3_column_text(statement, index) else { return .text("") }
        return .text(String(cString: text))
    case SQLITE_BLOB:
        let length = Int(sqlite3_column_bytes(statement, index))
        guard length > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
        return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
    default: return .null
    }
}

/// SQLite copies bound text and blobs at once (`SQLITE_TRANSIENT`).
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// SQLite's error, as GRDB words it (its description carries SQLite's message, never the values).
func sqliteFailure(_ connection: OpaquePointer?, _ code: Int32) -> GRDB.DatabaseError {
    GRDB.DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed")
}
