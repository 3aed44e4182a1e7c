import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import IntakeService
import Logging
import ServiceKit

/// Fixed secrets: the benchmark mints its own tokens, and nothing it stores is worth protecting.
let benchmarkFolder = NSTemporaryDirectory() + "youyue-ledger-benchmark"

/// Signs the benchmark's people's tokens as the console would; intake trusts its key through a
/// pinned key set, since no console runs.
let benchmarkSigner: TokenSigner = try! TokenSigner(owner: .console, keyFile: benchmarkFolder + "/secrets/keys/console.json")

/// The pinned key set naming the benchmark console's key.
func benchmarkTrustedKeys() throws -> String {
    let path = benchmarkFolder + "/trusted.json"
    FileManager.default.createFile(atPath: path, contents: try JSONEncoder().encode(benchmarkSigner.publicKeys()))
    return path
}
let benchmarkDistrict = "jianghan"

let benchmarkLogger: Logger = {
    var logger = Logger(label: "ledger-benchmark")
    logger.logLevel = .error
    return logger
}()

/// The intake service's configuration for a benchmark database. Port 0 asks for a free port.
func intakeConfiguration(databaseURL: String, port: Int, logLevel: String = "error") throws -> ServiceConfiguration {
    try ServiceConfiguration(service: .intake, environment: [
        "YOUYUE_DATA_DIR": benchmarkFolder,
        "YOUYUE_INTAKE_PORT": String(port),
        "YOUYUE_INTAKE_DATABASE_URL": databaseURL,
        "YOUYUE_TRUSTED_KEYS_FILE": try benchmarkTrustedKeys(),
        "YOUYUE_DATA_KEYS": "bench:" + Data(repeating: 7, count: 32).base64EncodedString(),
        // Failed deliveries would log a warning per submission; errors only.
        "YOUYUE_LOG_LEVEL": logLevel,
        // Delivery is not what is measured (as in scripts/benchmark.sh): the dispatcher looks once a
        // minute, and evaluation points at a closed port, never at a suite someone runs on 8084.
        "YOUYUE_OUTBOX_POLL_MS": "60000",
        "YOUYUE_EVALUATION_URL": "http://127.0.0.1:9",
        "YOUYUE_SUBMISSIONS_PER_MINUTE": "100000000",
    ])
}

/// The intake service running inside this process on a loopback port, until `stop()`.
struct InProcessIntake {
    let baseURL: String
    let task: Task<Void, any Error>

    static func start(databaseURL: String, httpClient: HTTPClient) async throws -> InProcessIntake {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // Stopping by cancellation makes Hummingbird log errors about closing channels; a real
        // failure still shows, as the HTTP error the benchmark receives.
        let app = try await buildApplication(
            configuration: try intakeConfiguration(databaseURL: databaseURL, port: 0, logLevel: "critical"), httpClient: httpClient,
            logger: benchmarkLogger,
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        // No signal handlers: Ctrl-C should end the whole benchmark, not just this server.
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw BenchmarkError("the intake service did not start") }
        return InProcessIntake(baseURL: "http://127.0.0.1:\(port)", task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// A bearer token for the benchmark's own district.
func benchmarkToken(_ role: Role) async throws -> String {
    try benchmarkSigner.mint(Principal(role: role, subject: "ledger-benchmark", district: benchmarkDistrict), lifetime: 12 * 3600)
}

/// A GET, or a POST when there is a body; the answer, or an error naming the status when not 2xx.
func send(_ httpClient: HTTPClient, _ url: String, token: String, body: Data? = nil) async throws -> ByteBuffer {
    var request = HTTPClientRequest(url: url)
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    if let body {
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
    }
    let response = try await httpClient.execute(request, timeout: .seconds(60))
    let answer = try await response.body.collect(upTo: 1 << 24)
    guard (200..<300).contains(response.status.code) else {
        throw BenchmarkError("\(request.method) \(url): \(response.status.code) \(String(buffer: answer).prefix(300))")
    }
    return answer
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
