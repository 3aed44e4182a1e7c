import AdminKit
import ArgumentParser
import Contracts
import Foundation

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Audit logs.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify every service's audit chain, and that none lost entries other services saw.")
        @OptionGroup var suite: SuiteAddressOptions

        func run() async throws {
            let results = try await withHTTPClient { client in
                try await verifyAuditChains(urls: suite.urls(), client: suite.adminClient(client))
            }
            var intact = true
            for service in ServiceName.allCases {
                guard let result = results[service] else { continue }
                intact = intact && result.intact
                var line = "\(service.rawValue): \(result.entries) entries, head \(result.head.sequence)"
                if let broken = result.firstBroken { line += " — BROKEN at \(broken.sequence): \(broken.reason)" }
                if !result.missingHeads.isEmpty {
                    line += " — MISSING entries other services saw: " + result.missingHeads.map { "#\($0.sequence)" }.joined(separator: ", ")
                }
                if result.intact { line += " — intact" }
                say(line)
            }
            if !intact { throw ExitCode(2) }
        }
    }
}
