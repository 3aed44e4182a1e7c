import Foundation

/// Runs one of the Chromium checks in `scripts/browser`, one at a time in the whole test run:
/// each browser is several processes, and four at once beside the other suites starved two cores
/// until unrelated tests' requests timed out.
public func runBrowserCheck(_ script: String, _ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
    await browserSlot.acquire()
    do {
        let result = try await runProcess("/usr/bin/env", ["python3", repositoryRoot.appendingPathComponent("scripts/browser/" + script).path] + arguments)
        await browserSlot.release()
        return result
    } catch {
        await browserSlot.release()
        throw error
    }
}

private let browserSlot = Slot()

/// One holder at a time; the others wait in order.
private actor Slot {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { held = false } else { waiting.removeFirst().resume() }
    }
}
