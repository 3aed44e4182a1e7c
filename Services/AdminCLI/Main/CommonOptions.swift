import AdminKit
import ArgumentParser
import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit

/// Options every command that talks to running services shares.
struct SuiteAddressOptions: ParsableArguments {
    @Option(name: .long, help: "The data folder `youyue up` uses (development secrets live there). Default: $YOUYUE_DATA_DIR, else .youyue.")
    var data: String?

    var suite: SuiteOptions { SuiteOptions(dataDirectory: SuiteOptions.dataDirectory(option: data)) }

    /// The services' URLs, as configured (`YOUYUE_<SERVICE>_URL`, else the default ports).
    func urls() -> [ServiceName: String] {
        Dictionary(uniqueKeysWithValues: ServiceName.allCases.map { ($0, suite.clientURL(of: $0)) })
    }

    /// The console's signing keys (`YOUYUE_CONSOLE_SIGNING_KEYS_FILE`, else the data folder's),
    /// never made up where the suite keeps none.
    func credentials(_ client: HTTPClient, createIfMissing: Bool = false) async throws -> AdminCredentials {
        try await loadAdminCredentials(suite, httpClient: client, createIfMissing: createIfMissing)
    }

    /// A client with an admin token, whose refusal names the keys that were used.
    func adminClient(_ client: HTTPClient) async throws -> AdminClient {
        try await AdminClient(httpClient: client, credentials: credentials(client))
    }
}

/// Runs `body` with the process's one HTTP client and shuts it down afterwards. An admin
/// command's client gives up at once on a refused connection: a service that refuses is down,
/// and retrying until the timeout made every look at a stopped suite take 5 s per service.
/// `youyue up` keeps the default, for the services' own deliveries.
func withHTTPClient<Result>(retryingConnections: Bool = false, _ body: (HTTPClient) async throws -> Result) async throws -> Result {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = retryingConnections
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// Writes a line to standard output and flushes it (stdout may be a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Writes a line to standard error: what a person reads beside output meant for a script.
func tell(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
