import Foundation
import Logging

/// Where a service keeps its data: a SQLite file (the default) or a PostgreSQL database, chosen
/// by the service's database URL: `sqlite:///path/file.sqlite`, a bare path, or `postgres://…`.
public enum DatabaseURL: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(Postgres)

    public struct Postgres: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String
        /// libpq's `sslmode`: disable (the default), require (encrypt, trust any certificate) or
        /// verify-full (encrypt, check the certificate and host name against `rootCertificate`
        /// or the system's roots).
        public var tls: TLSMode = .disable
        /// libpq's `sslrootcert`: a PEM file with the CA that signed the server's certificate.
        public var rootCertificate: String?

        public enum TLSMode: String, Sendable, CaseIterable {
            case disable, require
            case verifyFull = "verify-full"
        }

        public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
                    tls: TLSMode = .disable, rootCertificate: String? = nil) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
            self.tls = tls
            self.rootCertificate = rootCertificate
        }

        /// The same server and credentials, another database (one per service on one server).
        public func withDatabase(_ name: String) -> Postgres {
            var copy = self
            copy.database = name
            return copy
        }

        public var urlString: String {
            let credentials = password.map { "\(user):\($0)" } ?? user
            var parameters: [String] = []
            if tls != .disable { parameters.append("sslmode=\(tls.rawValue)") }
            if let rootCertificate { parameters.append("sslrootcert=\(rootCertificate)") }
            let query = parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")
            return "postgres://\(credentials)@\(host):\(port)/\(database)\(query)"
        }
    }

    public init(parsing text: String) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
                throw DatabaseError.invalidURL("expected postgres://user:password@host:port/database")
            }
            let database = String(components.path.drop(while: { $0 == "/" }))
            var tls = Postgres.TLSMode.disable
            var rootCertificate: String?
            for item in components.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    guard let mode = item.value.flatMap(Postgres.TLSMode.init(rawValue:)) else {
                        throw DatabaseError.invalidURL("sslmode must be disable, require or verify-full")
                    }
                    tls = mode
                case "sslrootcert":
                    rootCertificate = item.value
                default:
                    throw DatabaseError.invalidURL("unknown parameter \(item.name): only sslmode and sslrootcert are supported")
                }
            }
            self = .postgres(Postgres(
                host: host, port: components.port ?? 5432,
                user: components.user ?? "postgres", password: components.password,
                database: database.isEmpty ? "postgres" : database, tls: tls, rootCertificate: rootCertificate))
        } else if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseError.invalidURL("sqlite:// needs a file path") }
            self = .sqlite(path: path)
        } else if text.contains("://") {
            throw DatabaseError.invalidURL("only sqlite:// and postgres:// are supported")
        } else {
            guard !text.isEmpty else { throw DatabaseError.invalidURL("empty") }
            self = .sqlite(path: text)
        }
    }
}

/// Opens the database a URL names.
public func openDatabase(_ url: DatabaseURL, logger: Logger, maximumConnections: Int = 8) throws -> any Database {
    switch url {
    case .sqlite(let path): try SQLiteDatabase(path: path)
    case .postgres(let postgres): PostgresDatabase(url: postgres, maximumConnections: maximumConnections, logger: logger)
    }
}
