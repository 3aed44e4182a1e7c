import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A service running as its own executable (built beside the tests), so that a test can kill it
/// with SIGKILL as a power cut or the OOM killer would, and start it again on the same database.
final class ServiceProcess: @unchecked Sendable {
    let service: ServiceName
    let port: Int
    let environment: [String: String]
    let logFile: String
    private var process: ChildProcess?

    init(_ service: ServiceName, port: Int, environment: [String: String], logFile: String) {
        self.service = service
        self.port = port
        self.environment = environment
        self.logFile = logFile
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The folder the test bundle was built into; `swift test` builds the service executables there.
    static var binaries: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// Starts the executable (`extra` set for this run only) and waits until it is ready.
    func start(extra: [String: String] = [:]) async throws {
        let process = try ChildProcess(Self.binaries.appendingPathComponent(service.rawValue).path, [],
                                       environment: environment.merging(extra) { _, new in new }, outputFile: logFile)
        self.process = process
        // 60 s: a first start on a busy two-core machine (migrations, the connection check) is slow.
        for _ in 0..<1200 {
            if let ready = try? await http(.GET, baseURL + "/health/ready"), ready.status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        await process.stop(grace: .seconds(5))
        throw ProcessDidNotStart(service: service, log: logFile)
    }

    /// SIGKILL: no shutdown, no flush, nothing but what was committed survives.
    func kill() async throws {
        guard let process, process.isRunning else { return }
        process.signal(SIGKILL)
        guard await process.waitForExit(within: .seconds(30)) else { throw ProcessDidNotStop(service: service, log: logFile) }
    }

    /// Waits for the process to end on its own (it kills itself at a crash point); true if a
    /// signal ended it.
    func waitForDeath(within limit: Duration = .seconds(30)) async throws -> Bool {
        guard let process, await process.waitForExit(within: limit) else { return false }
        return process.endedBySignal
    }

    /// SIGTERM and wait: the ordinary stop. A service still running after 30 s (its own shutdown
    /// is bounded at less) is killed and the stop fails, naming its log.
    func stop() async throws {
        guard let process, process.isRunning else { return }
        guard await process.stop(grace: .seconds(30)) else { throw ProcessDidNotStop(service: service, log: logFile) }
    }
}

/// The environment a service process needs in a test: its database, fixed secrets, its peers.
func processEnvironment(_ service: ServiceName, database: DatabaseURL, port: Int, folder: String, peers: [ServiceName: String]) -> [String: String] {
    var environment = [
        "YOUYUE_DATA_DIR": folder,
        "YOUYUE_DATA_KEYS": "k1:\(testDataKey)",
        "YOUYUE_OUTBOX_POLL_MS": "50",
        "YOUYUE_OUTBOX_TIMEOUT_MS": "2000",
        "YOUYUE_OUTBOX_RETRY_BASE_MS": "50",
        "YOUYUE_OUTBOX_RETRY_CAP_MS": "500",
        "YOUYUE_OUTBOX_MAX_ATTEMPTS": "1000",
        "YOUYUE_SUBMISSIONS_PER_MINUTE": "100000",
        "YOUYUE_LOG_LEVEL": "warning",
        "YOUYUE_DATABASE_CHECK_SECONDS": "60",
        "\(service.environmentPrefix)_PORT": String(port),
    ]
    environment.merge(TestKeys.environment(for: service)) { _, keys in keys }
    switch database {
    case .sqlite(let path): environment["\(service.environmentPrefix)_DATABASE_URL"] = "sqlite://" + path
    case .postgres(let server): environment["\(service.environmentPrefix)_DATABASE_URL"] = server.urlString
    }
    for (peer, url) in peers { environment["\(peer.environmentPrefix)_URL"] = url }
    return environment
}

struct ProcessDidNotStop: Error {
    let service: ServiceName
    let log: String
}

struct ProcessDidNotStart: Error, CustomStringConvertible {
    let service: ServiceName
    let log: String

    /// Names the service and shows the end of its log: why it stopped, or how far it got.
    var description: String {
        let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(15)
        return "\(service.rawValue) did not become ready (log \(log)):\n" + lines.joined(separator: "\n")
    }
}
