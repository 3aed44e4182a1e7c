import Foundation

/// Runs a program to its end and returns its exit status, standard output and standard error
/// (through files: a chatty child can never fill a pipe and stall). The wait polls without
/// holding a thread of the test's pool; after `limit` the program is stopped and the answer
/// says so with status 124, as `timeout` would.
public func runProcess(_ executable: String, _ arguments: [String], within limit: Duration = .seconds(300)) async throws -> (status: Int32, output: String, errors: String) {
    let folder = NSTemporaryDirectory() + "youyue-run-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let child = try ChildProcess(executable, arguments, environment: inheritedEnvironment(), outputFile: folder + "/output", errorFile: folder + "/errors")
    let ended = await child.waitForExit(within: limit)
    if !ended { await child.stop(grace: .seconds(5)) }
    let output = (try? String(contentsOfFile: folder + "/output", encoding: .utf8)) ?? ""
    var errors = (try? String(contentsOfFile: folder + "/errors", encoding: .utf8)) ?? ""
    if !ended { errors += "\n(stopped: still running after \(limit))" }
    return (ended ? (child.exitStatus ?? -1) : 124, output, errors)
}
