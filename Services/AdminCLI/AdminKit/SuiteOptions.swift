import Contracts
import Foundation
import ServiceKit

/// How `youyue up` runs the suite: where the data lives, on which database server, on which ports.
public struct SuiteOptions: Sendable {
    public var dataDirectory: String
    /// One PostgreSQL server for all six, one database each (`youyue_intake`, …); nil for SQLite files.
    public var postgres: DatabaseURL.Postgres?
    public var host: String
    public var ports: [ServiceName: Int]
    /// The environment the services would otherwise read; explicit options above win.
    public var baseEnvironment: [String: String]

    public init(dataDirectory: String = ".youyue", postgres: DatabaseURL.Postgres? = nil, host: String = "127.0.0.1",
                ports: [ServiceName: Int] = [:], baseEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.dataDirectory = dataDirectory
        self.postgres = postgres
        self.host = host
        self.ports = ports
        self.baseEnvironment = baseEnvironment
    }

    /// The data folder a command uses: `--data` when given, else `YOUYUE_DATA_DIR` (as the
    /// services read it), else `.youyue` in the working folder.
    public static func dataDirectory(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        option ?? EnvironmentReader(environment).string("YOUYUE_DATA_DIR", default: ".youyue")
    }

    /// Where the development secrets live (the signing secret, the data key).
    public var secretsFolder: String { dataDirectory + "/secrets" }

    public func port(of service: ServiceName) -> Int {
        ports[service] ?? Int(baseEnvironment["\(service.environmentPrefix)_PORT"] ?? "") ?? service.defaultPort
    }

    /// The environment each service is configured from.
    public func environment() -> [String: String] {
        var environment = baseEnvironment
        environment["YOUYUE_DATA_DIR"] = dataDirectory
        environment["YOUYUE_HOST"] = host
        for service in ServiceName.allCases {
            let prefix = service.environmentPrefix
            environment["\(prefix)_PORT"] = String(port(of: service))
            environment["\(prefix)_URL"] = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port(of: service))"
            if let postgres {
                environment["\(prefix)_DATABASE_URL"] = postgres.withDatabase(databaseName(for: service)).urlString
            } else if environment["\(prefix)_DATABASE_URL"] == nil {
                environment["\(prefix)_DATABASE_URL"] = "sqlite://\(dataDirectory)/\(service.rawValue).sqlite"
            }
        }
        return environment
    }

    /// Where `youyue up` serves `service`: the configured host and port.
    public func baseURL(of service: ServiceName) -> String {
        environment()["\(service.environmentPrefix)_URL"] ?? "http://127.0.0.1:\(port(of: service))"
    }

    /// Where the admin commands reach `service`: `YOUYUE_<SERVICE>_URL` when set (a suite in
    /// containers or on other hosts), else where `youyue up` serves it.
    public func clientURL(of service: ServiceName) -> String {
        baseEnvironment["\(service.environmentPrefix)_URL"] ?? baseURL(of: service)
    }
}

/// The database each service gets on a shared PostgreSQL server.
public func databaseName(for service: ServiceName) -> String {
    "youyue_" + service.rawValue.replacingOccurrences(of: "-", with: "_")
}
