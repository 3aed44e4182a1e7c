/// What `/health/ready` answers. `version` lets `youyue status` show what is deployed.
public struct Readiness: Codable, Sendable, Equatable {
    public var service: String
    public var version: String
    public var ready: Bool
    public var database: String
    public var migrations: Int
    public var checks: [String: String]
    public init(service: String, version: String, ready: Bool, database: String, migrations: Int, checks: [String: String]) {
        self.service = service
        self.version = version
        self.ready = ready
        self.database = database
        self.migrations = migrations
        self.checks = checks
    }
}

/// The suite's version, shown by `/health/ready` and `youyue status`.
public let youyueVersion = "0.1.0"
