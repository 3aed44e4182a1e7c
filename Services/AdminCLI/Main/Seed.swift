import AdminKit
import ArgumentParser
import Foundation
import ServiceKit

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a district's reference data (streets, communities, stations, deputies, categories) into intake.",
        discussion: "Loading the same file twice changes nothing. The sample file is invented demonstration data.")

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "The reference data file (JSON).")
    var file = "SampleData/jianghan-sample.json"

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let token = try await suite.adminToken()
        let intake = suite.urls()[.intake] ?? ""
        let counts = try await withHTTPClient { client in
            try await AdminClient(httpClient: client, token: token).post(
                intake + "/api/v1/admin/reference-data", body: Array(data), as: [String: Int].self)
        }
        for (kind, count) in counts.sorted(by: { $0.key < $1.key }) {
            say("\(kind): \(count)")
        }
        say("Loaded \(file) into \(intake).")
    }
}
