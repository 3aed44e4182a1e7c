import Contracts
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing

/// The built `youyue` executable: `swift test` builds every product, beside the test bundle.
let youyueExecutable: String = {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("youyue").path
    return FileManager.default.isExecutableFile(atPath: besideTests)
        ? besideTests : repositoryRoot.appendingPathComponent(".build/debug/youyue").path
}()

/// What a finished `youyue` command printed, and how it ended.
struct CommandResult {
    let status: Int32
    let output: String
}

/// `youyue` run as a person would run it: in `folder`, with `environment` (and PATH and HOME).
/// Its output goes to a file, and the wait does not hold a thread of the test's pool.
final class YouyueProcess: @unchecked Sendable {
    let process: ChildProcess
    let outputFile: String

    init(_ arguments: [String], environment: [String: String], in folder: String) throws {
        guard FileManager.default.isExecutableFile(atPath: youyueExecutable) else {
            throw MissingExecutable(path: youyueExecutable)
        }
        outputFile = folder + "/youyue-output-" + makeID(prefix: "o") + ".txt"
        let inherited = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "TMPDIR"].contains($0.key) }
        process = try ChildProcess(youyueExecutable, arguments, environment: inherited.merging(environment) { _, own in own },
                                   in: folder, outputFile: outputFile)
    }

    var output: String { (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "" }

    /// Waits until the output contains `text`, or the process ends, or the time is up.
    func waitForOutput(_ text: String, within limit: Duration = .seconds(60)) async throws -> Bool {
        _ = try await eventually(within: limit) { output.contains(text) || !process.isRunning }
        return output.contains(text)
    }

    /// Ctrl-C, then the exit (SIGKILL if it has not ended within 30 s).
    func interrupt() async -> CommandResult {
        process.signal(SIGINT)
        if await !process.waitForExit(within: .seconds(30)) { await process.stop(grace: .seconds(1)) }
        return await finished()
    }

    /// How it ended; waits at most two minutes for the end, then stops it.
    func finished() async -> CommandResult {
        if await !process.waitForExit(within: .seconds(120)) { await process.stop(grace: .seconds(5)) }
        return CommandResult(status: process.exitStatus ?? -1, output: output)
    }

    /// Whether the process ended within `limit`. Polls without holding a thread, and keeps
    /// waiting in a cancelled test too: a test that gives up must not leave a process behind.
    func ended(within limit: Duration) async -> Bool {
        await process.waitForExit(within: limit)
    }

    /// SIGTERM, the ordinary stop; SIGKILL if it still runs after `grace`. True if it stopped on
    /// its own.
    func stop(grace: Duration = .seconds(30)) async -> Bool {
        await process.stop(grace: grace)
    }
}

/// Runs one `youyue` command to its end; one still running after `limit` is stopped, and the
/// test fails saying so rather than hanging.
func youyue(_ arguments: [String], environment: [String: String], in folder: String,
            within limit: Duration = .seconds(120)) async throws -> CommandResult {
    let command = try YouyueProcess(arguments, environment: environment, in: folder)
    guard await command.ended(within: limit) else {
        _ = await command.stop(grace: .seconds(5))
        throw CommandDidNotEnd(arguments: arguments, limit: limit, output: command.output)
    }
    return await command.finished()
}

struct CommandDidNotEnd: Error, CustomStringConvertible {
    let arguments: [String]
    let limit: Duration
    let output: String
    var description: String { "`youyue \(arguments.joined(separator: " "))` still ran after \(limit); stopped it. Its output:\n\(output)" }
}

struct MissingExecutable: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(path) is missing: run `swift build --build-tests` first" }
}

/// The environment that puts a suite on `ports` (as `youyue up` and every admin command read it).
func portEnvironment(_ ports: [ServiceName: Int]) -> [String: String] {
    var environment = ["YOUYUE_LOG_LEVEL": "warning", "YOUYUE_OUTBOX_POLL_MS": "50"]
    for (service, port) in ports { environment["\(service.environmentPrefix)_PORT"] = String(port) }
    return environment
}

/// Five ports that were free a moment ago.
func reserveSuitePorts() async throws -> [ServiceName: Int] {
    var ports: [ServiceName: Int] = [:]
    for service in ServiceName.allCases { ports[service] = try await reservePort() }
    return ports
}

/// A file's permission bits.
func permissions(_ path: String) throws -> Int {
    try #require((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
}

/// Whether a connection whose local port is `port` lingers in TIME_WAIT (Linux's /proc/net/tcp).
func hasTimeWaitConnection(onPort port: Int) -> Bool {
    let hexPort = String(format: ":%04X", port)
    return ["/proc/net/tcp", "/proc/net/tcp6"].contains { table in
        // Read to the end: /proc reports no size, and a sized read stops after one page.
        let text = String(decoding: FileHandle(forReadingAtPath: table)?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").dropFirst().contains { line in
            let fields = line.split(separator: " ")
            // local_address rem_address st: "06" is TIME_WAIT.
            return fields.count > 3 && fields[1].hasSuffix(hexPort) && fields[3] == "06"
        }
    }
}
