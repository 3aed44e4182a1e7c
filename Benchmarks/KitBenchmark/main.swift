import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import Logging
import ServiceKit

// The server side of `scripts/benchmark.sh`. `echo` is a bare Hummingbird JSON echo; `durable` is
// the full service-kit stack committing each opinion durably with its outbox row and audit entry.
let arguments = CommandLine.arguments
if arguments.count == 2, arguments[1] == "codec" {
    try runCodecBenchmark()
    exit(0)
}
guard arguments.count >= 3, let port = Int(arguments[2]), ["echo", "durable"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: youyue-benchmark-server echo|durable PORT [DATA_DIR] | codec\n".utf8))
    exit(64)
}
// The durable server logs as the services do; the echo keeps swift-log's default.
if arguments[1] == "durable" { LoggingSystem.bootstrap(LineLogHandler.init) }
var logger = Logger(label: "benchmark")
logger.logLevel = .warning

if arguments[1] == "echo" {
    let router = Router()
    router.post("/echo") { request, context in
        try await request.decode(as: BenchmarkOpinion.self, context: context)
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    try await app.runService()
} else {
    let folder = arguments.count > 3 ? arguments[3] : NSTemporaryDirectory() + "youyue-benchmark"
    let configuration = try ServiceConfiguration(service: .intake, environment: [
        "YOUYUE_DATA_DIR": folder,
        "YOUYUE_INTAKE_PORT": String(port),
        "YOUYUE_LOG_LEVEL": "warning",
        // Delivery is not what is measured; the dispatcher looks once a minute.
        "YOUYUE_OUTBOX_POLL_MS": "60000",
    ])
    let app = try await buildServiceApplication(benchmarkService, configuration: configuration, httpClient: .shared, logger: logger)
    try await app.runService()
}
