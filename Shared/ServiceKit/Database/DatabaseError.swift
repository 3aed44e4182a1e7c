/// What goes wrong with storage, in words that are safe to log (never the bound values).
public enum DatabaseError: Error, CustomStringConvertible, Sendable {
    case invalidURL(String)
    case unsafeSettings(String)
    case decoding(column: String, expected: String)
    case migrationFailed(version: Int, name: String, reason: String)
    case unexpected(String)
    case postgres(sqlState: String, message: String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid database URL: \(reason)"
        case .unsafeSettings(let reason): "unsafe database settings: \(reason)"
        case .decoding(let column, let expected): "column \(column) is not \(expected)"
        case .migrationFailed(let version, let name, let reason): "migration \(version) (\(name)) failed: \(reason)"
        case .unexpected(let reason): reason
        case .postgres(let state, let message): "PostgreSQL \(state): \(message)"
        }
    }
}
