import AsyncHTTPClient
import Foundation
import Hummingbird
import IntakeService
import ServiceKit

// The ledger benchmark behind `scripts/ledger-benchmark.sh`: fill a database with generated
// Chinese opinions, time the ledger's search and statistics over HTTP, and serve the intake
// service on that database for wrk to submit to.
let usage = """
    usage: youyue-ledger-benchmark fill  --database URL [--count 1000000] [--seed 2026] [--reference SampleData/jianghan-sample.json]
           youyue-ledger-benchmark query --database URL [--searches 200] [--seed 2026]
           youyue-ledger-benchmark serve --database URL --port PORT
           youyue-ledger-benchmark sample [--count 10] [--seed 2026]      (print generated opinions)
    URL is sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE.
    """

/// `--name value` pairs after the command.
let options: [String: String] = {
    var options: [String: String] = [:]
    var rest = CommandLine.arguments.dropFirst(2)
    while let name = rest.popFirst() {
        guard name.hasPrefix("--"), let value = rest.popFirst() else {
            FileHandle.standardError.write(Data("\(usage)\n".utf8))
            exit(64)
        }
        options[String(name.dropFirst(2))] = value
    }
    return options
}()
func number(_ name: String, default value: Int) -> Int {
    guard let text = options[name] else { return value }
    guard let parsed = Int(text.replacingOccurrences(of: "_", with: "")), parsed >= 0 else {
        FileHandle.standardError.write(Data("--\(name) must be a whole number\n".utf8))
        exit(64)
    }
    return parsed
}
let seed = UInt64(number("seed", default: 2026))
let command = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ""
let databaseURL = options["database"]
guard ["fill", "query", "serve", "sample"].contains(command), databaseURL != nil || command == "sample" else {
    FileHandle.standardError.write(Data("\(usage)\n".utf8))
    exit(64)
}

let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
do {
    switch command {
    case "fill":
        try await fill(databaseURL: databaseURL!, count: number("count", default: 1_000_000), seed: seed,
                       referencePath: options["reference"] ?? "SampleData/jianghan-sample.json", httpClient: httpClient)
    case "query":
        try await query(databaseURL: databaseURL!, searches: number("searches", default: 200), seed: seed, httpClient: httpClient)
    case "serve":
        // Runs until SIGINT or SIGTERM, like a service executable.
        let app = try await buildApplication(
            configuration: try intakeConfiguration(databaseURL: databaseURL!, port: number("port", default: 18091)),
            httpClient: httpClient, logger: benchmarkLogger)
        try await app.runService()
    default:
        let reference = try JSONDecoder().decode(
            ReferenceDataFile.self, from: Data(contentsOf: URL(fileURLWithPath: options["reference"] ?? "SampleData/jianghan-sample.json")))
        let count = number("count", default: 10)
        let generator = OpinionGenerator(seed: seed, reference: reference, count: count, end: startOfTodayInChina())
        for index in 0..<count {
            let opinion = generator.opinion(index)
            print("\(opinion.createdAt) \(opinion.station) \(opinion.category) \(opinion.channel.rawValue) (\(opinion.content.count)) \(opinion.content)")
        }
    }
} catch {
    log("youyue-ledger-benchmark \(command): \(error)")
    try? await httpClient.shutdown().get()
    exit(1)
}
try await httpClient.shutdown().get()
