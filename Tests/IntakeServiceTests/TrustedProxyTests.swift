import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// Behind the documented nginx every citizen's connection comes from the proxy: the submission
/// limit must follow the address the proxy forwards, and only when the proxy is trusted.
@Suite("Intake: the submission limit behind a proxy")
struct TrustedProxyTests {
    /// A submission intake refuses with 422 (no such station): it still spends the budget.
    static let body = #"{"station":"nowhere","category":"x","content":"路灯坏了很久没人修"}"#

    /// The statuses of one submission per forwarded address, in order.
    static func submit(_ intake: RunningService, forwardedFor addresses: [String]) async throws -> [Int] {
        var statuses: [Int] = []
        for address in addresses {
            statuses.append(try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body, headers: [("X-Forwarded-For", address)]).status)
        }
        return statuses
    }

    static func withIntake(_ backend: Backend, extra: [String: String], _ body: (RunningService) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { url in
            let intake = try await startService(intakeService, configuration: testConfiguration(
                .intake, database: url, peers: [.evaluation: 9], folder: folder,
                extra: extra.merging(["YOUYUE_SUBMISSIONS_PER_MINUTE": "2"]) { own, _ in own }))
            do {
                try await body(intake)
            } catch {
                await intake.stop()
                throw error
            }
            await intake.stop()
        }
    }

    @Test("from an untrusted peer X-Forwarded-For is ignored: every client shares the peer's budget", arguments: Backend.allCases)
    func untrustedPeer(backend: Backend) async throws {
        try await Self.withIntake(backend, extra: [:]) { intake in
            let statuses = try await Self.submit(intake, forwardedFor: ["198.51.100.1", "198.51.100.2", "198.51.100.3"])
            #expect(statuses == [422, 422, 429])
        }
    }

    @Test("from a trusted peer X-Forwarded-For is honoured: each forwarded client has its own budget", arguments: Backend.allCases)
    func trustedPeer(backend: Backend) async throws {
        try await Self.withIntake(backend, extra: ["YOUYUE_TRUSTED_PROXIES": "127.0.0.1/32,::1/128"]) { intake in
            let statuses = try await Self.submit(intake, forwardedFor: [
                "198.51.100.1", "198.51.100.1", "198.51.100.1",
                // Another citizen behind the same proxy still gets through.
                "198.51.100.2",
                // Prepending a made-up address buys no fresh budget: the proxy's entry counts.
                "192.0.2.66, 198.51.100.1",
            ])
            #expect(statuses == [422, 422, 429, 422, 429])
        }
    }
}
