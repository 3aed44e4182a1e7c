import AdminKit
import Contracts
import EvaluationService
import Foundation
import IntakeService
import ProcuratorateBridgeService
import RoutingService
import ServiceKit
import SupervisionService
import Synchronization
import TestSupport
import Testing

/// The whole story of `youyue demo` through all six services as real servers on loopback, with
/// evaluation restarted in the middle: every message is delivered, none is left waiting or dead,
/// and every audit chain verifies.
@Suite("Demo story end to end", .timeLimit(.minutes(5)))
struct DemoStoryTests {
    /// The six services, by name, as `youyue up` runs them.
    static let definitions = Dictionary(uniqueKeysWithValues: suiteServices.map { ($0.name, $0) })

    /// A free loopback port for each service.
    static func freePorts() async throws -> [ServiceName: Int] {
        var ports: [ServiceName: Int] = [:]
        for service in ServiceName.allCases { ports[service] = try await reservePort() }
        return ports
    }

    @Test("all six services carry the demo story to its end across a restart; outboxes drained, audit chains intact", arguments: Backend.allCases)
    func story(backend: Backend) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let definitions = Self.definitions
        let ports = try await Self.freePorts()
        try await withDatabases(backend, count: ServiceName.allCases.count) { urls in
            let databases = Dictionary(uniqueKeysWithValues: zip(ServiceName.allCases, urls))
            func configuration(_ service: ServiceName) throws -> ServiceConfiguration {
                try testConfiguration(service, database: databases[service]!, port: ports[service]!, peers: ports.filter { $0.key != service }, folder: folder,
                                  extra: ["YOUYUE_OUTBOX_RETRY_CAP_MS": "1000"])
            }
            let evaluationConfiguration = try configuration(.evaluation)
            var running: [ServiceName: RunningService] = [:]
            for service in ServiceName.allCases { running[service] = try await startService(definitions[service]!, configuration: configuration(service)) }
            let services = Mutex(running)
            do {
                let admin = try await bearer(.admin)
                #expect(try await http(.POST, running[.intake]!.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: admin).status == 200)
                #expect(try await http(.POST, running[.routing]!.baseURL + "/api/v1/admin/routing-data", json: try sampleDistrictFile(), headers: admin).status == 200)
                let urls = ports.mapValues { "http://127.0.0.1:\($0)" }
                let story = DemoStory(urls: urls, signer: TestKeys.signer(.console), httpClient: .shared)
                let steps = Mutex([String]())
                try await story.run(say: { line in steps.withLock { $0.append(line) } }, afterStep: { step in
                    // Evaluation goes down after the first reply and comes back: the reply waits in
                    // supervision's outbox and arrives once it is up again.
                    guard step == 5 else { return }
                    await services.withLock { $0[.evaluation] }!.stop()
                    let restarted = try await startService(evaluationService, configuration: evaluationConfiguration)
                    services.withLock { $0[.evaluation] = restarted }
                })
                #expect(steps.withLock { $0.count } == 10)

                for (service, url) in urls {
                    let drained = try await eventually {
                        try await http(.GET, url + "/internal/v1/outbox?status=pending", headers: admin).body == "[]"
                    }
                    #expect(drained, "\(service) still has messages waiting")
                    #expect(try await http(.GET, url + "/internal/v1/outbox?status=dead", headers: admin).body == "[]", "\(service) has dead letters")
                }
                let audit = try await verifyAuditChains(urls: urls, client: AdminClient(httpClient: .shared, token: admin[0].1.replacingOccurrences(of: "Bearer ", with: "")))
                #expect(audit.count == ServiceName.allCases.count && audit.values.allSatisfy(\.intact))

                // Supervision told evaluation each round's due day: both replies came in time, and
                // the case closed satisfied, so the unit's on-time-and-satisfied table counts it.
                let onTime = try JSONDecoder().decode(
                    [OnTimeRow].self, from: Data(try await http(.GET, urls[.evaluation]! + "/api/v1/statistics/on-time").body.utf8))
                #expect(onTime.count == 1)
                #expect(onTime.first.map { [$0.cases, $0.onTime, $0.unknown, $0.onTimeAndSatisfied] } == [1, 1, 0, 1])
                // The public board's per-unit table says the same.
                let units = try JSONDecoder().decode(
                    [UnitRecord].self, from: Data(try await http(.GET, urls[.supervision]! + "/api/v1/board/units").body.utf8))
                #expect(units.map { [$0.cases, $0.closedSatisfied, $0.onTimeAndSatisfied] } == [[1, 1, 1]])
                #expect(try await http(.GET, urls[.supervision]! + "/board").body.contains("按期且满意"))
            } catch {
                for service in services.withLock({ Array($0.values) }) { await service.stop() }
                throw error
            }
            for service in services.withLock({ Array($0.values) }) { await service.stop() }
        }
    }

    /// `count` fresh databases of one backend, dropped afterwards.
    func withDatabases(_ backend: Backend, count: Int, _ body: ([DatabaseURL]) async throws -> Void) async throws {
        func nest(_ collected: [DatabaseURL]) async throws {
            if collected.count == count { return try await body(collected) }
            try await withFreshDatabaseURL(backend) { url in try await nest(collected + [url]) }
        }
        try await nest([])
    }
}
