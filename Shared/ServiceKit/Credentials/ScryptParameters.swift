/// The cost of one scrypt hash (RFC 7914 §2): N = 2^`logN` (CPU and memory), `blockSize` r and
/// `parallelization` p. One hash takes 128 · r · N bytes of memory, 32 MiB at the default.
public struct ScryptParameters: Sendable, Equatable, CustomStringConvertible {
    public var logN: Int
    public var blockSize: Int
    public var parallelization: Int

    public init(logN: Int, blockSize: Int, parallelization: Int) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelization = parallelization
    }

    /// N = 2^15, r = 8, p = 1: what Go's x/crypto/scrypt recommends for interactive sign-ins
    /// (2017): 32 MiB and about 250 ms per hash on the 2-core development machine (the work is
    /// OpenSSL's, so a debug build is no slower). OWASP's N = 2^17 (128 MiB, four times as long)
    /// would let a handful of concurrent sign-ins exhaust such a machine. Raise `logN` here when
    /// the hardware allows; `needsRehash` then upgrades each hash at its owner's next sign-in.
    public static let `default` = ScryptParameters(logN: 15, blockSize: 8, parallelization: 1)

    /// The range a stored hash may name. A tampered or foreign string asking for more would make
    /// one sign-in attempt allocate gigabytes or run for minutes; such a string verifies nothing.
    static let acceptedLogN = 1...20
    static let acceptedBlockSize = 1...32
    static let acceptedParallelization = 1...16

    var isAccepted: Bool {
        Self.acceptedLogN.contains(logN) && Self.acceptedBlockSize.contains(blockSize)
            && Self.acceptedParallelization.contains(parallelization)
    }

    /// N itself.
    var cost: UInt64 { UInt64(1) << UInt64(logN) }

    /// The memory OpenSSL needs for these parameters (its own accounting, crypto/evp/pbe_scrypt.c):
    /// the V array of N + 2 blocks and p blocks of B, each 128 · r bytes. OpenSSL refuses anything
    /// above 32 MiB unless told, and the default needs just over that.
    var memoryBytes: UInt64 {
        128 * UInt64(blockSize) * (cost + 2 + UInt64(parallelization))
    }

    /// The form inside a stored hash: `ln=15,r=8,p=1`.
    public var description: String { "ln=\(logN),r=\(blockSize),p=\(parallelization)" }

    /// Reads `ln=…,r=…,p=…` exactly as `description` writes it.
    init?(stored text: Substring) {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        func value(_ field: Substring, named name: String) -> Int? {
            guard field.hasPrefix(name + "=") else { return nil }
            let digits = field.dropFirst(name.count + 1)
            // Plain decimal only: no sign, no leading zeros, at most a few digits.
            guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigit),
                  digits.count == 1 || digits.first != "0" else { return nil }
            return Int(digits)
        }
        guard let logN = value(fields[0], named: "ln"), let blockSize = value(fields[1], named: "r"),
              let parallelization = value(fields[2], named: "p") else { return nil }
        self.init(logN: logN, blockSize: blockSize, parallelization: parallelization)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
