import Contracts
import Testing

@testable import ServiceKit

/// Random bytes served from the reserve are never handed out twice, never the zeros a used part
/// of the reserve is wiped to, and the reserve is refilled as it runs out.
@Suite("Secure random bytes")
struct SecureRandomTests {
    @Test func everyIVAndIDIsNew() {
        // 20,000 IVs of 16 bytes go through the 4 KB reserve about 80 times.
        let ivs = (0..<20_000).map { _ in randomBytes(16) }
        #expect(Set(ivs).count == ivs.count)
        #expect(!ivs.contains([UInt8](repeating: 0, count: 16)))
        let ids = (0..<20_000).map { _ in makeID(prefix: "op") }
        #expect(Set(ids).count == ids.count)
    }

    @Test func largeAndOddSizedRequests() {
        let large = randomBytes(10_000)
        #expect(large.count == 10_000)
        // A run of 64 zero bytes in 10 KB of real randomness would not happen.
        #expect(!large.indices.dropLast(64).contains { start in large[start..<start + 64].allSatisfy { $0 == 0 } })
        let odd = (0..<1000).map { _ in randomBytes(7) }
        #expect(Set(odd).count == odd.count)
        #expect(randomBytes(0).isEmpty)
    }
}
