import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// PostgreSQL (or a compatible database) through PostgresNIO's `PostgresClient`. The pool is
/// bounded and keep-alive pings are off with a short idle timeout: with the defaults, memory grew
/// about 1 KB per request under load and p99 latency spiked on a 2-core machine (DESIGN.md).
public final class PostgresDatabase: Database {
    public let dialect = SQLDialect.postgres
    public let location: String
    let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    public init(url: DatabaseURL.Postgres, maximumConnections: Int = 8, logger: Logger) {
        var options = PostgresClient.Configuration.Options()
        options.maximumConnections = maximumConnections
        options.keepAliveBehavior = nil
        options.connectionIdleTimeout = .seconds(10)
        let configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password,
            database: url.database, tls: postgresTLS(url))
        var configured = configuration
        configured.options = options
        let client = PostgresClient(configuration: configured, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.location = "postgres://\(url.host):\(url.port)/\(url.database)"
        runTask = Task { await client.run() }
    }

    nonisolated(nonsending) public func execute(_ sql: SQL) async throws {
        _ = try await explainingPostgresErrors(statement: sql.text) { try await client.query(postgresQuery(sql), logger: logger).collect() }
    }

    nonisolated(nonsending) public func query(_ sql: SQL) async throws -> [SQLRow] {
        try await explainingPostgresErrors(statement: sql.text) { try await rows(of: client.query(postgresQuery(sql), logger: logger)) }
    }

    public func transaction<Result: Sendable>(_ body: nonisolated(nonsending) @escaping @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result {
        do {
            return try await explainingPostgresErrors {
                try await client.withTransaction(logger: logger) { connection in
                    try await body(PostgresConnectionExecutor(connection: connection, logger: logger))
                }
            }
        } catch let error as PostgresTransactionError {
            // Callers see the error of their own body, as on SQLite; the wrapper only when the
            // transaction machinery itself failed.
            if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
            let cause = error.commitError ?? error.beginError ?? error.rollbackError ?? error.closureError
            throw try await explainingPostgresErrors { throw cause ?? DatabaseError.unexpected("transaction failed") }
        }
    }

    public func close() async {
        runTask.cancel()
        // Cancelling the run task ends PostgresNIO's pool; should a connection never report its
        // end, the service must stop all the same.
        if await !waitAtMost(.seconds(10), for: runTask) {
            logger.warning("the PostgreSQL pool did not close within 10 s; stopping without it", metadata: ["database": "\(location)"])
        }
    }
}

/// The handle a transaction body receives on PostgreSQL: one leased connection inside BEGIN…COMMIT.
struct PostgresConnectionExecutor: SQLExecutor {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    nonisolated(nonsending) func execute(_ sql: SQL) async throws {
        _ = try await explainingPostgresErrors(statement: sql.text) { try await connection.query(postgresQuery(sql), logger: logger).collect() }
    }

    nonisolated(nonsending) func query(_ sql: SQL) async throws -> [SQLRow] {
        try await explainingPostgresErrors(statement: sql.text) { try await rows(of: connection.query(postgresQuery(sql), logger: logger)) }
    }
}

/// PostgresNIO hides the server's message behind a generic description; this keeps the server's
/// message and SQLSTATE (never the bound values) so logs say what went wrong.
func explainingPostgresErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
    try await explainingPostgresErrors(statement: nil, body)
}

func explainingPostgresErrors<Result>(statement: String?, _ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as PSQLError {
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState] ?? "?"
            throw DatabaseError.postgres(sqlState: state, message: message + (statement.map { " in: \($0.prefix(300))" } ?? ""))
        }
        throw DatabaseError.postgres(sqlState: "-", message: "\(error.code)")
    }
}

func postgresQuery(_ sql: SQL) -> PostgresQuery {
    var binds = PostgresBindings(capacity: sql.bindings.count)
    for value in sql.bindings {
        switch value {
        case .null: binds.appendNull()
        case .integer(let number): binds.append(number)
        case .real(let number): binds.append(number)
        case .text(let text): binds.append(text)
        case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
        }
    }
    return PostgresQuery(unsafeSQL: sql.numberedPlaceholders(), binds: binds)
}

func rows(of sequence: PostgresRowSequence) async throws -> [SQLRow] {
    var result: [SQLRow] = []
    for try await row in sequence {
        var columns: [String] = []
        var values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(try sqlValue(cell))
        }
        result.append(SQLRow(columns: columns, values: values))
    }
    return result
}

func sqlValue(_ cell: PostgresCell) throws -> SQLValue {
    guard cell.bytes != nil else { return .null }
    switch cell.dataType {
    case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
    case .float4, .float8: return .real(try cell.decode(Double.self))
    case .numeric:
        // SUM() of integers comes back as numeric; keep whole numbers as integers.
        let number = NSDecimalNumber(decimal: try cell.decode(Decimal.self))
        return number.doubleValue.rounded() == number.doubleValue ? .integer(number.int64Value) : .real(number.doubleValue)
    case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
    case .bytea:
        var buffer = try cell.decode(ByteBuffer.self)
        return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
    default: return .text(try cell.decode(String.self))
    }
}

/// PostgresNIO's TLS setting for libpq's `sslmode` and `sslrootcert`.
func postgresTLS(_ url: DatabaseURL.Postgres) -> PostgresClient.Configuration.TLS {
    postgresTLSConfiguration(url).map { .require($0) } ?? .disable
}

/// The same setting for a single connection (the start-up check).
func postgresConnectionTLS(_ url: DatabaseURL.Postgres) throws -> PostgresConnection.Configuration.TLS {
    try postgresTLSConfiguration(url).map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
}

/// The TLS configuration `sslmode` asks for; nil when it is off.
private func postgresTLSConfiguration(_ url: DatabaseURL.Postgres) -> TLSConfiguration? {
    var tls = TLSConfiguration.makeClientConfiguration()
    switch url.tls {
    case .disable:
        return nil
    case .require:
        // As libpq: encrypted, but any certificate is accepted.
        tls.certificateVerification = .none
    case .verifyFull:
        tls.certificateVerification = .fullVerification
        if let rootCertificate = url.rootCertificate {
            tls.trustRoots = .file(rootCertificate)
        }
    }
    return tls
}
