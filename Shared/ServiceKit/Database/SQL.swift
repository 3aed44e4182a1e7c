/// A value bound to a statement or read from a row. The few storage classes both SQLite and
/// PostgreSQL agree on: timestamps are stored as integer milliseconds, booleans as 0/1.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// Types that bind to a statement parameter.
public protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
extension RawRepresentable where RawValue == String, Self: Sendable {
    public var sqlValue: SQLValue { .text(rawValue) }
}

/// The SQL dialect a database speaks; migrations and the few dialect-specific statements branch on it.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// A statement with its parameters. Written with `?` placeholders, or built by interpolation,
/// which binds every interpolated value instead of pasting it into the text:
///
///     let sql: SQL = "SELECT * FROM opinion WHERE id = \(id)"
///
/// PostgreSQL's `$1, $2…` numbering is produced when the statement runs there.
public struct SQL: Sendable, ExpressibleByStringInterpolation {
    public var text: String
    public var bindings: [SQLValue]

    public init(_ text: String, _ bindings: [SQLValue] = []) {
        self.text = text
        self.bindings = bindings
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    @inlinable
    public init(stringInterpolation: Interpolation) {
        self.init(stringInterpolation.text, stringInterpolation.bindings)
    }

    /// Inlinable, so that each statement's interpolations are specialised where it is written
    /// instead of looking up generic metadata for every value bound.
    public struct Interpolation: StringInterpolationProtocol {
        @usableFromInline var text = ""
        @usableFromInline var bindings: [SQLValue] = []

        @inlinable
        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 2)
            bindings.reserveCapacity(interpolationCount)
        }

        @inlinable
        public mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        @inlinable
        public mutating func appendInterpolation(_ value: some SQLBindable) {
            text += "?"
            bindings.append(value.sqlValue)
        }

        @inlinable
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) {
            text += "?"
            bindings.append(value?.sqlValue ?? .null)
        }

        /// Pastes trusted text (a table name chosen in code, never user input).
        @inlinable
        public mutating func appendInterpolation(unsafeRaw raw: String) {
            text += raw
        }

        /// Pastes another statement, keeping its bindings.
        @inlinable
        public mutating func appendInterpolation(_ fragment: SQL) {
            text += fragment.text
            bindings += fragment.bindings
        }
    }

    /// The text with `?` placeholders renumbered as `$1, $2…`, leaving quoted text alone.
    func numberedPlaceholders() -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + bindings.count * 2)
        var number = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
