/// An IPv4 or IPv6 address, read strictly from its text form (no zone, no port, no octal or
/// shortened IPv4). An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, how a dual-stack listener
/// reports an IPv4 peer) is read as the IPv4 address it carries, so that one client has one
/// spelling and one rate-limit bucket.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, network order.
    public let bytes: [UInt8]

    public init?(_ text: some StringProtocol) {
        let text = String(text)
        if text.contains(":") {
            guard let bytes = parseIPv6(text) else { return nil }
            let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
            self.bytes = bytes.starts(with: mappedPrefix) ? Array(bytes[12...]) : bytes
        } else {
            guard let bytes = parseIPv4(text) else { return nil }
            self.bytes = bytes
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// Dotted decimal, or IPv6 as RFC 5952 writes it (lowercase, the longest zero run as `::`).
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { Int(bytes[$0]) << 8 | Int(bytes[$0 + 1]) }
        var best: Range<Int>? = nil
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index >= 2, end - index > (best?.count ?? 0) { best = index..<end }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard let best else { return hex.joined(separator: ":") }
        return hex[..<best.lowerBound].joined(separator: ":") + "::" + hex[best.upperBound...].joined(separator: ":")
    }
}

/// Four decimal parts 0…255, without leading zeros (which some readers take as octal).
private func parseIPv4(_ text: String) -> [UInt8]? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var bytes: [UInt8] = []
    for part in parts {
        guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
              part == "0" || !part.hasPrefix("0"), let value = UInt8(part) else { return nil }
        bytes.append(value)
    }
    return bytes
}

/// Eight groups of 1…4 hex digits, at most one `::` standing for one or more zero groups, and
/// optionally a dotted IPv4 address as the last 32 bits.
private func parseIPv6(_ text: String) -> [UInt8]? {
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    guard let head = parseGroups(halves[0], mayEndInIPv4: halves.count == 1) else { return nil }
    if halves.count == 1 {
        return head.count == 16 ? head : nil
    }
    guard let tail = parseGroups(halves[1], mayEndInIPv4: true), head.count + tail.count <= 14 else { return nil }
    return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
}

private func parseGroups(_ text: String, mayEndInIPv4: Bool) -> [UInt8]? {
    if text.isEmpty { return [] }
    let groups = text.split(separator: ":", omittingEmptySubsequences: false)
    var bytes: [UInt8] = []
    for (index, group) in groups.enumerated() {
        if mayEndInIPv4, index == groups.count - 1, group.contains(".") {
            guard let ipv4 = parseIPv4(String(group)) else { return nil }
            bytes += ipv4
        } else {
            guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), group.allSatisfy(\.isASCII),
                  let value = UInt16(group, radix: 16) else { return nil }
            bytes += [UInt8(value >> 8), UInt8(value & 0xff)]
        }
    }
    return bytes
}
