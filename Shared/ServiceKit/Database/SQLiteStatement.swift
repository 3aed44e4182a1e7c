import GRDB
import GRDBSQLite

// Running one prepared statement with SQLite's own calls. Both the readers (through GRDB's pool)
// and the writer (its own connection) use these: building GRDB's `StatementArguments` and rows
// was the largest single cost on the writer in profiles.

/// Steps `statement`, bound with `sql`'s values, to its end.
func runToEnd(_ statement: OpaquePointer, _ sql: SQL, on connection: OpaquePointer) throws {
    try withBindings(statement, sql, on: connection) {
        var code = sqlite3_step(statement)
        while code == SQLITE_ROW { code = sqlite3_step(statement) }
        guard code == SQLITE_DONE else { throw sqliteFailure(connection, code) }
    }
}

/// Steps `statement`, bound with `sql`'s values, collecting its rows.
func readRows(_ statement: OpaquePointer, _ sql: SQL, on connection: OpaquePointer) throws -> [SQLRow] {
    try withBindings(statement, sql, on: connection) {
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
}

/// Binds every value of `sql`, runs `body`, and leaves the statement reset with nothing bound.
private func withBindings<Result>(
    _ statement: OpaquePointer, _ sql: SQL, on connection: OpaquePointer, _ body: () throws -> Result
) throws -> Result {
    let expected = Int(sqlite3_bind_parameter_count(statement))
    guard expected == sql.bindings.count else {
        throw DatabaseError.unexpected("the statement has \(expected) parameters but \(sql.bindings.count) values")
    }
    sqlite3_reset(statement)
    defer {
        sqlite3_reset(statement)
        // Text and blobs were bound in place; drop the pointers before their storage goes.
        sqlite3_clear_bindings(statement)
    }
    return try bindInPlace(statement, sql.bindings, from: 0, on: connection, body)
}

/// Binds `values[index...]` and runs `body` while they are bound. Text and blobs are bound where
/// they lie (`SQLITE_STATIC`), each inside the scope that keeps its storage alive, instead of
/// SQLite copying every one: those copies were the largest cost of binding on the writer.
private func bindInPlace<Result>(
    _ statement: OpaquePointer, _ values: [SQLValue], from index: Int, on connection: OpaquePointer, _ body: () throws -> Result
) throws -> Result {
    guard index < values.count else { return try body() }
    let position = Int32(index + 1)
    func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw sqliteFailure(connection, code) }
    }
    switch values[index] {
    case .null:
        try check(sqlite3_bind_null(statement, position))
    case .integer(let number):
        try check(sqlite3_bind_int64(statement, position, number))
    case .real(let number):
        try check(sqlite3_bind_double(statement, position, number))
    case .text(var text):
        return try text.withUTF8 { bytes in
            try bytes.withMemoryRebound(to: CChar.self) { characters in
                if let start = characters.baseAddress {
                    try check(sqlite3_bind_text(statement, position, start, Int32(characters.count), nil))
                } else {
                    // An empty buffer may have no address, which SQLite would bind as NULL.
                    try check(sqlite3_bind_text(statement, position, "", 0, sqliteTransient))
                }
            }
            return try bindInPlace(statement, values, from: index + 1, on: connection, body)
        }
    case .blob(let bytes):
        return try bytes.withUnsafeBytes { buffer in
            if let start = buffer.baseAddress {
                try check(sqlite3_bind_blob(statement, position, start, Int32(buffer.count), nil))
            } else {
                try check(sqlite3_bind_zeroblob(statement, position, 0))
            }
            return try bindInPlace(statement, values, from: index + 1, on: connection, body)
        }
    }
    return try bindInPlace(statement, values, from: index + 1, on: connection, body)
}

/// SQLite copies the value at once.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

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

/// SQLite's error, as GRDB words it (its description carries SQLite's message, never the values).
func sqliteFailure(_ connection: OpaquePointer?, _ code: Int32) -> GRDB.DatabaseError {
    GRDB.DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed")
}
