import AdminKit
import ArgumentParser
import Contracts
import Foundation
import Logging
import ServiceKit

struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start all five services (SQLite files under the data folder, or one PostgreSQL server).")

    @Option(name: .long, help: "Data folder for SQLite files and development secrets. Default: $YOUYUE_DATA_DIR, else .youyue.")
    var data: String?

    @Option(name: .customLong("database-url"), help: "postgres://USER:PASSWORD@HOST:PORT/DB — one database per service is created on that server.")
    var databaseURL: String?

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    func run() async throws {
        LoggingSystem.bootstrap(LineLogHandler.init)
        let logger = Logger(label: "youyue")
        var postgres: DatabaseURL.Postgres?
        if let databaseURL {
            guard case .postgres(let server) = try? DatabaseURL(parsing: databaseURL) else {
                throw ValidationError("--database-url must be postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
            postgres = server
        }
        let options = SuiteOptions(dataDirectory: SuiteOptions.dataDirectory(option: data), postgres: postgres, host: host)
        try await withHTTPClient(retryingConnections: true) { client in
            let suite = try await prepareSuite(options, httpClient: client, logger: logger)
            try await suite.run { urls in
                readyAnnouncement(urls: urls, options: options).forEach(say)
            }
        }
        logger.info("all five services stopped")
    }
}
