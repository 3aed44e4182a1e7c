import AdminKit
import AsyncHTTPClient
import ArgumentParser
import Contracts
import Foundation
import Logging
import ServiceKit

struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start all six services (SQLite files under the data folder, or one PostgreSQL server).")

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
                await announceConsoleSignIn(urls: urls, options: options, httpClient: client, logger: logger)
            }
        }
        logger.info("all six services stopped")
    }
}

/// Makes the first admin on an installation without accounts and prints where to sign in.
func announceConsoleSignIn(urls: [ServiceName: String], options: SuiteOptions, httpClient: HTTPClient, logger: Logger) async {
    guard let consoleURL = urls[.console] else { return }
    do {
        let admin = try await AdminClient(httpClient: httpClient, credentials: loadAdminCredentials(options, httpClient: httpClient))
        let firstAdmin = try await bootstrapConsoleAdmin(consoleURL: consoleURL, admin: admin)
        consoleSignInLines(consoleURL: consoleURL, firstAdmin: firstAdmin).forEach(say)
    } catch {
        logger.error("could not prepare the console's first admin: \(error)")
    }
}
