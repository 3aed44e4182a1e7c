import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Connects once, with a short timeout, before a service (or `youyue up`) starts using a
/// PostgreSQL server. The pool would retry a wrong password or an unknown host for over a
/// minute and then report `ConnectionPoolError`; this says in a sentence what is wrong.
public func checkPostgresConnection(_ url: DatabaseURL.Postgres, timeout: Duration = .seconds(5), logger: Logger) async throws {
    do {
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: try postgresConnectionTLS(url))
        configuration.options.connectTimeout = TimeAmount(timeout)
        let settings = configuration
        try await withTimeout(timeout) {
            let connection = try await PostgresConnection.connect(configuration: settings, id: 0, logger: logger)
            try? await connection.close()
        }
    } catch let error as PostgresUnavailable {
        throw error
    } catch {
        throw PostgresUnavailable(url: url, reason: postgresFailureReason(error, url: url, timeout: timeout))
    }
}

/// Checks the database a URL names when it is a PostgreSQL server; SQLite needs no check.
public func checkDatabaseConnection(_ url: DatabaseURL, timeout: Duration = .seconds(5), logger: Logger) async throws {
    if case .postgres(let server) = url { try await checkPostgresConnection(server, timeout: timeout, logger: logger) }
}

/// The PostgreSQL server cannot be used, and why, in words for the person starting the suite.
public struct PostgresUnavailable: Error, CustomStringConvertible {
    public let url: DatabaseURL.Postgres
    public let reason: String
    public var description: String {
        "cannot use PostgreSQL at \(url.host):\(url.port) (database \(url.database), user \(url.user)): \(reason)"
    }
}

/// What went wrong, from the server's SQLSTATE or the connection's error.
func postgresFailureReason(_ error: any Error, url: DatabaseURL.Postgres, timeout: Duration) -> String {
    if let error = error as? PSQLError {
        if let state = error.serverInfo?[.sqlState] {
            let message = error.serverInfo?[.message] ?? ""
            switch state {
            case "28P01": return "the server refused the password of user \(url.user) (28P01). Check the password in the URL or in the password file."
            case "28000": return "the server does not let user \(url.user) connect (28000: \(message)). Check the user name and pg_hba.conf."
            case "3D000": return "database \(url.database) does not exist (3D000). Create it, or name one that exists."
            case "57P03": return "the server is starting up or shutting down (57P03). Try again in a moment."
            default: return "the server answered \(state): \(message)"
            }
        }
        if error.code == .authMechanismRequiresPassword {
            return "the server asks for a password and none was given. Put it in the URL or in YOUYUE_DATABASE_PASSWORD_FILE."
        }
        if error.code == .sslUnsupported {
            return "the server does not offer TLS, which sslmode asks for."
        }
        if let underlying = error.underlying { return connectionFailureReason(underlying, url: url, timeout: timeout) }
        return "\(error.code)"
    }
    return connectionFailureReason(error, url: url, timeout: timeout)
}

private func connectionFailureReason(_ error: any Error, url: DatabaseURL.Postgres, timeout: Duration) -> String {
    if let failure = error as? NIOConnectionError {
        if failure.connectionErrors.isEmpty, failure.dnsAError != nil || failure.dnsAAAAError != nil {
            return "the host name \(url.host) is unknown (DNS lookup failed). Check the host in the URL."
        }
        if failure.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
            return "nothing listens on port \(url.port) there (connection refused). Is PostgreSQL running, and on that port?"
        }
        return "the connection failed: \(failure)"
    }
    if error is SocketAddressError {
        return "the host name \(url.host) is unknown (DNS lookup failed). Check the host in the URL."
    }
    if let channel = error as? ChannelError, case .connectTimeout = channel {
        return "no answer within \(timeout) (a firewall, or the wrong host?)."
    }
    if error is CheckTimedOut {
        return "connected, but the server did not finish signing in within \(timeout) (overloaded? YOUYUE_DATABASE_CHECK_SECONDS allows longer)."
    }
    return "\(error)"
}

struct CheckTimedOut: Error {}

/// Runs `body`, failing with `CheckTimedOut` when it takes longer than `limit`.
private func withTimeout(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await body() }
        tasks.addTask {
            try await Task.sleep(for: limit)
            throw CheckTimedOut()
        }
        defer { tasks.cancelAll() }
        try await tasks.next()
    }
}
