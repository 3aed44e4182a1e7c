import AdminKit
import ArgumentParser
import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit

/// Options every command that talks to running services shares.
struct SuiteAddressOptions: ParsableArguments {
    @Option(name: .long, help: "The data folder `youyue up` uses (development secrets live there).")
    var data = ".youyue"

    var suite: SuiteOptions { SuiteOptions(dataDirectory: data) }

    /// The services' URLs, as configured (`YOUYUE_<SERVICE>_URL`, else the default ports).
    func urls() -> [ServiceName: String] {
        Dictionary(uniqueKeysWithValues: ServiceName.allCases.map { ($0, suite.clientURL(of: $0)) })
    }

    /// Signs tokens with the suite's secret (`YOUYUE_JWT_SECRET[_FILE]`, else the data folder's).
    func authority() async throws -> TokenAuthority {
        let configuration = try ServiceConfiguration(service: .intake, environment: suite.environment())
        return await TokenAuthority(secret: configuration.jwtSecret)
    }

    func adminToken() async throws -> String {
        try await authority().mint(Principal(role: .admin, subject: "youyue-cli", district: "*", street: nil, unit: nil), lifetime: 600)
    }
}

/// Runs `body` with the process's one HTTP client and shuts it down afterwards.
func withHTTPClient<Result>(_ body: (HTTPClient) async throws -> Result) async throws -> Result {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
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
