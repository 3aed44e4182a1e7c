import Foundation
import ServiceKit
import Testing

@Suite("Wakeup")
struct WakeupTests {
    @Test("after waits ended by signals, an unsignalled wait really waits")
    func waitsAfterSignals() async throws {
        let wakeup = Wakeup()
        for _ in 0..<5 {
            // A signal given before the wait ends it at once; each wait leaves a cancelled timer behind.
            wakeup.signal()
            await wakeup.wait(upTo: .seconds(5))
        }
        // Give the cancelled timers of the waits above their chance to misbehave.
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        await wakeup.wait(upTo: .milliseconds(300))
        // Before the fix, a cancelled timer's late signal made this return at once, and the
        // outbox dispatcher's loop kept a core busy at idle.
        #expect(ContinuousClock.now - start >= .milliseconds(250))
    }
}
