import AdminKit
import ArgumentParser
import Contracts
import Foundation
import ServiceKit

struct Outbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pending messages and dead letters across the services.", subcommands: [List.self, Retry.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List pending messages and dead letters.")
        @OptionGroup var suite: SuiteAddressOptions
        @Option(help: "pending or dead (default: both).") var status: String?

        func run() async throws {
            let query = status.map { "?status=\($0)" } ?? ""
            try await withHTTPClient { client in
                let admin = try await suite.adminClient(client)
                var total = 0
                for (service, url) in suite.urls().sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    let entries = try await admin.get(url + "/internal/v1/outbox" + query, as: [OutboxEntry].self)
                    total += entries.count
                    for entry in entries {
                        say("\(service.rawValue) → \(entry.destination)  \(entry.status.rawValue)  \(entry.type)  \(entry.id)  attempts: \(entry.attempts)\(entry.lastError.map { "  last error: \($0)" } ?? "")")
                    }
                }
                say("\(total) message(s) waiting or dead.")
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Requeue dead letters (all, or one by --id).")
        @OptionGroup var suite: SuiteAddressOptions
        @Option(help: "Only this message.") var id: String?

        func run() async throws {
            try await withHTTPClient { client in
                let admin = try await suite.adminClient(client)
                for (service, url) in suite.urls().sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    let result = try await admin.post(url + "/internal/v1/outbox/retry", json: ["id": id], as: [String: Int].self)
                    say("\(service.rawValue): requeued \(result["requeued"] ?? 0)")
                }
            }
        }
    }
}
