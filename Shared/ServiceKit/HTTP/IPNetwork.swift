import Foundation

/// A block of addresses in CIDR notation: `10.0.0.0/8`, `fd00::/8`; a bare address is the one
/// host (`/32` or `/128`). The address must have its host bits zero (`10.0.0.1/8` is refused, as
/// it is more likely a typo than a wish to trust the whole block).
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    public init?(_ text: some StringProtocol) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else { return nil }
        let bits = address.bytes.count * 8
        var prefixLength = bits
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let length = Int(parts[1]), length <= bits else { return nil }
            prefixLength = length
        }
        self.address = address
        self.prefixLength = prefixLength
        guard masked(address) == address else { return nil }
    }

    /// Whether `candidate` is in this block; an IPv4 address is never inside an IPv6 block.
    public func contains(_ candidate: IPAddress) -> Bool {
        candidate.bytes.count == address.bytes.count && masked(candidate) == address
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// `candidate` with every bit after the prefix cleared.
    private func masked(_ candidate: IPAddress) -> IPAddress {
        var bytes = candidate.bytes
        for index in bytes.indices {
            let keep = min(max(prefixLength - index * 8, 0), 8)
            bytes[index] &= ~(UInt8(0xff) >> keep)
        }
        return IPAddress(bytes: bytes)
    }
}

extension IPAddress {
    /// For masking: `bytes` are 4 or 16 already.
    fileprivate init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}
