import AdminKit
import ArgumentParser
import Contracts
import Foundation
import ServiceKit

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up every service's SQLite database while the suite runs (SQLite's online backup API).",
        discussion: "Services on PostgreSQL are skipped: back them up with `pg_dump -Fc` per database (deploy/README.md).")

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "The folder to write the backups to (one .sqlite file per service).")
    var to = "backups/" + ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")

    func run() async throws {
        try FileManager.default.createDirectory(atPath: to, withIntermediateDirectories: true)
        for service in ServiceName.allCases {
            let configuration = try ServiceConfiguration(service: service, environment: suite.suite.environment())
            guard case .sqlite(let path) = configuration.database else {
                say("\(service.rawValue): on PostgreSQL — use pg_dump"); continue
            }
            guard FileManager.default.fileExists(atPath: path) else { say("\(service.rawValue): no database yet at \(path)"); continue }
            let target = to + "/\(service.rawValue).sqlite"
            try backupSQLite(from: path, to: target)
            say("\(service.rawValue): \(path) → \(target)")
        }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore every service's SQLite database from a backup folder. Stop the suite first.")

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "The backup folder written by `youyue backup`.")
    var from: String

    func run() async throws {
        let options = suite.suite
        // Restoring under a running service would mix two states; refuse while any port is taken.
        try await requirePortsFree(ServiceName.allCases.map { ($0, options.port(of: $0)) }, host: "127.0.0.1")
        for service in ServiceName.allCases {
            let source = from + "/\(service.rawValue).sqlite"
            guard FileManager.default.fileExists(atPath: source) else { say("\(service.rawValue): no backup in \(from)"); continue }
            let configuration = try ServiceConfiguration(service: service, environment: options.environment())
            guard case .sqlite(let path) = configuration.database else { say("\(service.rawValue): on PostgreSQL — use pg_restore"); continue }
            try backupSQLite(from: source, to: path)
            say("\(service.rawValue): \(source) → \(path)")
        }
    }
}
