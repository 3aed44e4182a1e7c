import Foundation
import TestSupport

/// Runs `zbarimg --raw -q` on a PNG and returns the decoded text (nil when it finds no symbol).
func zbarimgDecode(_ png: [UInt8]) async throws -> String? {
    let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    guard let zbarimg = searchPath.split(separator: ":").map({ "\($0)/zbarimg" })
        .first(where: FileManager.default.isExecutableFile(atPath:))
    else { try skipOrFail("zbarimg not installed (apt-get install zbar-tools; .ci/run does)") }

    let file = FileManager.default.temporaryDirectory.appendingPathComponent("youyue-qr-\(UUID().uuidString).png")
    try Data(png).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }

    let (status, output, _) = try await runProcess(zbarimg, ["--raw", "-q", file.path], within: .seconds(60))
    guard status == 0 else { return nil }  // zbarimg exits 4 when it finds nothing
    var text = output
    if text.hasSuffix("\n") { text.removeLast() }  // --raw ends each symbol with a newline
    return text
}
