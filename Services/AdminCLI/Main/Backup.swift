import AdminKit
import ArgumentParser
import Contracts
import Foundation
import ServiceKit

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up every service's SQLite database while the suite runs (SQLite's online backup API), with the data key.",
        discussion: "On PostgreSQL, back up with `pg_dump -Fc` per database (deploy/README.md): this command says so and fails.")

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "The folder to write the backups to (one .sqlite file per service, and secrets/).")
    var to = "backups/" + ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")

    @Flag(help: "Replace a backup already in that folder.")
    var force = false

    func run() async throws {
        let lines = try await withHTTPClient { client in try await backupSuite(suite.suite, to: to, force: force, httpClient: client) }
        lines.forEach(say)
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore every service's SQLite database (and the data key, where the data folder has none) from a backup folder. Stop the suite first.")

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "The backup folder written by `youyue backup`.")
    var from: String

    func run() async throws {
        let lines = try await withHTTPClient { client in try await restoreSuite(suite.suite, from: from, httpClient: client) }
        lines.forEach(say)
    }
}
