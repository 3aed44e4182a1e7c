import AdminKit
import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit
import TestSupport
import Testing

/// schemathesis generates requests from each service's OpenAPI document and checks the answers:
/// no 5xx for any input, and every answer matches the schema the document gives for it.
@Suite("API fuzzing with schemathesis")
struct SchemathesisTests {
    @Test("every operation of every service, a few generated requests each: never a 5xx, every answer as documented")
    func fuzzEveryService() async throws {
        guard let schemathesis = executablePath("st") else {
            try skipOrFail("schemathesis not installed (pip install schemathesis; .ci/run does)")
        }
        let folder = NSTemporaryDirectory() + "youyue-fuzz-" + makeID(prefix: "t")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let options = try await SuiteTests.options(folder: folder)
        let suite = try await prepareSuite(options, httpClient: .shared, logger: SuiteTests.logger, shutdownSignals: [])
        let (readyURLs, readyContinuation) = AsyncStream<[ServiceName: String]>.makeStream()
        let running = Task { try await suite.run { urls in readyContinuation.yield(urls) } }
        var iterator = readyURLs.makeAsyncIterator()
        let urls = try #require(await iterator.next())

        // The sample district, so that generated requests meet real stations, units and rules.
        let configuration = try ServiceConfiguration(service: .intake, environment: options.environment())
        let admin = try await TokenAuthority(secret: configuration.jwtSecret)
            .mint(Principal(role: .admin, subject: "fuzz", district: "*", street: nil, unit: nil), lifetime: 3600)
        _ = try await seedReferenceData(builtInSampleDistrict, urls: urls, client: AdminClient(httpClient: .shared, token: admin))

        for service in ServiceName.allCases {
            let (status, output, errors) = try await runProcess(schemathesis, [
                "run", try #require(urls[service]) + "/openapi.json", "--header", "Authorization: Bearer \(admin)",
                "--checks", "not_a_server_error,response_schema_conformance", "--max-examples", "5", "--workers", "1",
            ])
            #expect(status == 0, "\(service.rawValue): \(output.suffix(6000)) \(errors.suffix(2000))")
            #expect(output.contains("passed"), "\(service.rawValue): \(output.suffix(2000))")
        }
        await suite.stop()
        try await running.value
    }
}
