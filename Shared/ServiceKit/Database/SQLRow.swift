import Foundation

/// One result row, by column name. Reading a column with the wrong type or a missing column is a
/// `DatabaseError.decoding`, never a crash.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    public func string(_ column: String) throws -> String {
        guard let value = optionalString(column) else { throw DatabaseError.decoding(column: column, expected: "text") }
        return value
    }

    public func optionalString(_ column: String) -> String? {
        switch self[column] {
        case .text(let text): text
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        case .null: nil
        }
    }

    public func int(_ column: String) throws -> Int64 {
        guard let value = optionalInt(column) else { throw DatabaseError.decoding(column: column, expected: "integer") }
        return value
    }

    public func optionalInt(_ column: String) -> Int64? {
        switch self[column] {
        case .integer(let number): number
        case .real(let number): Int64(exactly: number)
        case .text(let text): Int64(text)
        case .blob, .null: nil
        }
    }

    public func double(_ column: String) throws -> Double {
        switch self[column] {
        case .real(let number): return number
        case .integer(let number): return Double(number)
        case .text(let text): if let number = Double(text) { return number }
        case .blob, .null: break
        }
        throw DatabaseError.decoding(column: column, expected: "real")
    }

    public func bool(_ column: String) throws -> Bool {
        try int(column) != 0
    }

    public func date(_ column: String) throws -> Date {
        Date(millisecondsSince1970: try int(column))
    }

    public func optionalDate(_ column: String) -> Date? {
        optionalInt(column).map(Date.init(millisecondsSince1970:))
    }

    public func bytes(_ column: String) throws -> [UInt8] {
        switch self[column] {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        default: throw DatabaseError.decoding(column: column, expected: "blob")
        }
    }
}

extension Date {
    /// Timestamps are stored as integer milliseconds since 1970 in both databases.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

extension Date: SQLBindable {
    public var sqlValue: SQLValue { .integer(millisecondsSince1970) }
}
