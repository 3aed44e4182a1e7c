import AdminKit
import Contracts
import ArgumentParser
import Foundation
import ServiceKit

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a district's reference data: streets, communities, stations, deputies and categories into intake; units and routing rules into routing.",
        discussion: """
            Loading the same file twice changes nothing. Without --file, the built-in sample district is loaded: invented demonstration data. \
            For sample data (\"sample\": true) it also makes the work platform's sign-ins the demo story acts as, one per role and scope, \
            and prints their development passwords (a second run resets and prints them again).
            """)

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
            let urls = suite.urls()
            let admin = try await suite.adminClient(client)
            let lines = try await seedReferenceData(data, urls: urls, client: admin)
            lines.forEach(say)
            say("Loaded \(file ?? "the built-in sample district (invented demonstration data)").")
            if isSampleReferenceData(data), let console = urls[.console] {
                let signIns = try await seedSampleSignIns(consoleURL: console, admin: admin)
                sampleSignInLines(signIns, consoleURL: console).forEach(say)
            }
        }
    }
}
