import Foundation
import TestSupport

/// Runs `zbarimg --raw -q` on a PNG and returns the decoded text (nil when it finds no symbol).
func zbarimgDecode(_ png: [UInt8]) throws -> String? {
    let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    guard let zbarimg = searchPath.split(separator: ":").map({ "\($0)/zbarimg" })
        .first(where: FileManager.default.isExecutableFile(atPath:))
    else { try skipOrFail("zbarimg not installed (apt-get install zbar-tools; .ci/run does)") }

    let file = FileManager.default.temporaryDirectory.appendingPathComponent("youyue-qr-\(UUID().uuidString).png")
    try Data(png).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: zbarimg)
    process.arguments = ["--raw", "-q", file.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }  // zbarimg exits 4 when it finds nothing
    var text = String(decoding: data, as: UTF8.self)
    if text.hasSuffix("\n") { text.removeLast() }  // --raw ends each symbol with a newline
    return text
}
