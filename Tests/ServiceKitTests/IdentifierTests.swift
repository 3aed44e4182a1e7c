import Contracts
import Foundation
import Testing

/// IDs: the prefix, then the time in fixed-width base 36 and 13 random characters, so that IDs
/// made later sort after earlier ones.
@Suite("Identifiers")
struct IdentifierTests {
    @Test func shapeAndOrder() {
        let start = Date(timeIntervalSince1970: 1_764_842_622.5)
        let ids = (0..<500).map { makeID(prefix: "op", now: start.addingTimeInterval(Double($0) * 0.01)) }
        for id in ids {
            #expect(id.hasPrefix("op_") && id.utf8.count == 3 + 22)
            #expect(id.dropFirst(3).allSatisfy { $0.isASCII && ($0.isNumber || $0.isLowercase) })
        }
        #expect(ids.map { $0.dropFirst(3).prefix(9) } == ids.map { $0.dropFirst(3).prefix(9) }.sorted())
        #expect(ids.first!.dropFirst(3).prefix(9) < ids.last!.dropFirst(3).prefix(9))
        // 1,764,842,622,500 ms in base 36.
        #expect(makeID(prefix: "x", now: start).dropFirst(2).prefix(9) == "0mir9qask")
        #expect(makeID(prefix: "", now: Date(timeIntervalSince1970: 0)).hasPrefix("_000000000"))
    }
}
