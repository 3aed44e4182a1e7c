import AdminKit
import Contracts
import ArgumentParser
import Foundation
import ServiceKit

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a district's reference data: streets, communities, stations, deputies and categories into intake; units and routing rules into routing.",
        discussion: "Loading the same file twice changes nothing. Without --file, the built-in sample district is loaded: invented demonstration data.")

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "The reference data file (JSON). Default: the built-in sample district (SampleData/jianghan-sample.json).")
    var file: String?

    func run() async throws {
        let data: [UInt8]
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            data = Array(contents)
        } else {
            data = builtInSampleDistrict
        }
        try await withHTTPClient { client in
            let lines = try await seedReferenceData(data, urls: suite.urls(), client: suite.adminClient(client))
            lines.forEach(say)
        }
        say("Loaded \(file ?? "the built-in sample district (invented demonstration data)").")
    }
}
