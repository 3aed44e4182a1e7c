import AdminKit
import Contracts
import ArgumentParser
import Foundation
import ServiceKit

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a district's reference data: streets, communities, stations, deputies and categories into intake; units and routing rules into routing.",
        discussion: "Loading the same file twice changes nothing. The sample file is invented demonstration data.")

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "The reference data file (JSON).")
    var file = "SampleData/jianghan-sample.json"

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let token = try await suite.adminToken()
        let urls = suite.urls()
        // Each service takes its own sections of the one district file.
        let targets: [(ServiceName, String)] = [(.intake, "/api/v1/admin/reference-data"), (.routing, "/api/v1/admin/routing-data")]
        for (service, path) in targets {
            let base = urls[service] ?? ""
            let counts = try await withHTTPClient { client in
                try await AdminClient(httpClient: client, token: token).post(base + path, body: Array(data), as: [String: Int].self)
            }
            say("\(service.rawValue): " + counts.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        say("Loaded \(file).")
    }
}
