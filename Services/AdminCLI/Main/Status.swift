import AdminKit
import ArgumentParser
import Contracts
import Foundation

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show each service's readiness and version.")

    @OptionGroup var suite: SuiteAddressOptions

    func run() async throws {
        let urls = suite.urls()
        let allReady = try await withHTTPClient { client in
            var allReady = true
            for service in ServiceName.allCases {
                let url = urls[service] ?? ""
                let name = service.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
                if let readiness = try? await fetchReadiness(url, httpClient: client) {
                    allReady = allReady && readiness.ready
                    say("\(name) \(readiness.ready ? "ready    " : "not ready") v\(readiness.version)  \(url)  \(readiness.database)  migrations: \(readiness.migrations)")
                } else {
                    allReady = false
                    say("\(name) down       \(url)")
                }
            }
            return allReady
        }
        if !allReady { throw ExitCode(1) }
    }
}
