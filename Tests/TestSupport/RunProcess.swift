import Foundation

/// Runs a program to its end and returns its exit status, standard output and standard error.
/// The waiting happens on a Dispatch thread: the service under test answers the program from
/// the same process, and blocking the few cooperative threads would starve it.
public func runProcess(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            do { try process.run() } catch { return continuation.resume(throwing: error) }
            // Standard error on its own thread, so that a chatty child cannot fill one pipe and stall.
            let errorsRead = DispatchGroup()
            nonisolated(unsafe) var errorData = Data()
            DispatchQueue.global().async(group: errorsRead) { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
            let outputData = output.fileHandleForReading.readDataToEndOfFile()
            errorsRead.wait()
            process.waitUntilExit()
            continuation.resume(returning: (process.terminationStatus, String(decoding: outputData, as: UTF8.self),
                                            String(decoding: errorData, as: UTF8.self)))
        }
    }
}
