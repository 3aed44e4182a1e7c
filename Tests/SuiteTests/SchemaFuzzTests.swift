import Contracts
import Foundation
import TestSupport
import Testing

/// schemathesis generates requests from each service's OpenAPI document and checks the answers:
/// never a 5xx for any input, and every answer as the document describes it (the checks of
/// scripts/fuzz.sh). The suite runs as the built `youyue up`, in its own process: run inside the
/// test process, the same fuzzing hung two full runs of four.
@Suite("API fuzzing with schemathesis", .timeLimit(.minutes(10)))
struct SchemaFuzzTests {
    /// Generated requests per operation and phase: every operation is covered in about half a
    /// minute on an idle machine.
    static let examples = 5
    /// A run of schemathesis on one service that takes longer is stopped (SIGTERM, SIGKILL 10 s
    /// later, its whole process group). The largest, intake, takes 11 s idle and 33 s beside the
    /// other suite tests.
    static let runLimit = 120

    @Test("every operation of every service, against `youyue up` with the sample district: never a 5xx, every answer as its schema says")
    func fuzzEveryService() async throws {
        guard let schemathesis = executablePath("st") else {
            try skipOrFail("schemathesis skipped: `st` is not installed (pip install schemathesis; .ci/run does)")
        }
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let ports = try await reserveSuitePorts()
        // Submissions unthrottled, so that schemathesis meets the handlers rather than a 429.
        let environment = portEnvironment(ports).merging([
            "YOUYUE_DATA_DIR": work + "/data", "YOUYUE_SUBMISSIONS_PER_MINUTE": "100000",
        ]) { _, own in own }
        let up = try YouyueProcess(["up"], environment: environment, in: work)
        var failure: (any Error)?
        do {
            try #require(try await up.waitForOutput("is ready", within: .seconds(60)), "`youyue up` did not become ready: \(up.output)")
            let seed = try await youyue(["seed"], environment: environment, in: work, within: .seconds(60))
            try #require(seed.status == 0, "`youyue seed` failed: \(seed.output)")
            let token = try await youyue(["token", "--role", "admin", "--subject", "fuzz"], environment: environment, in: work, within: .seconds(30))
            let admin = try #require(token.output.split(separator: "\n").first { $0.hasPrefix("eyJ") }.map(String.init), "`youyue token` printed nothing")
            try #require(token.status == 0 && admin.hasPrefix("eyJ"), "`youyue token` failed: \(token.output)")
            // Its crash cache off: it would write ./.schemathesis into the repository the test runs in.
            let configuration = work + "/schemathesis.toml"
            try "[cache]\nenabled = false\n".write(toFile: configuration, atomically: true, encoding: .utf8)
            for service in ServiceName.allCases {
                try await fuzz(service, at: "http://127.0.0.1:\(ports[service] ?? 0)", token: admin,
                               with: [schemathesis, "--config-file", configuration])
            }
        } catch {
            failure = error
        }
        // Stopped even when fuzzing failed or the test ran out of time.
        #expect(await up.stop(grace: .seconds(30)), "`youyue up` still ran 30 s after SIGTERM and was killed: \(up.output.suffix(3000))")
        if let failure { throw failure }
    }

    /// One schemathesis run against one service, bounded by `runLimit`.
    func fuzz(_ service: ServiceName, at baseURL: String, token: String, with schemathesis: [String]) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let (status, output, errors) = try await runProcess(executablePath("timeout") ?? "/usr/bin/timeout", [
            "--kill-after=10", String(Self.runLimit)] + schemathesis + ["run", baseURL + "/openapi.json",
            "--header", "Authorization: Bearer \(token)",
            "--checks", "not_a_server_error,response_schema_conformance",
            "--max-examples", String(Self.examples), "--workers", "1", "--request-timeout", "20",
            // Nothing remembered between runs (its default database is ./.schemathesis either), no colour codes in the report.
            "--generation-database", "none", "--no-color",
        ])
        let took = clock.now - started
        let ranOut = status == 124 || status == 137
        #expect(!ranOut, "\(service.rawValue): schemathesis did not finish within \(Self.runLimit) s and was stopped; it printed: \(output.suffix(3000)) \(errors.suffix(1000))")
        #expect(ranOut || status == 0, "\(service.rawValue): schemathesis found answers that break the contract:\n\(Self.report(output))\n\(errors.suffix(2000))")
        // A run that tested nothing (an empty or unreadable document) must not pass as clean.
        let tested = output.firstMatch(of: /Tested: (\d+)/).flatMap { Int($0.1) } ?? 0
        #expect(ranOut || tested > 0, "\(service.rawValue): schemathesis tested no operation: \(output.suffix(3000)) \(errors.suffix(1000))")
        print("SchemaFuzzTests: \(service.rawValue) — \(tested) operations in \(took)")
    }

    /// schemathesis's own account: its failures (each with a curl line to reproduce it) and its summary.
    static func report(_ output: String) -> String {
        guard let failures = output.range(of: "= FAILURES =") else { return String(output.suffix(6000)) }
        let text = output[failures.lowerBound...]
        return text.count > 12_000 ? text.prefix(9000) + "\n…\n" + text.suffix(3000) : String(text)
    }
}
