import Foundation
import HTTPTypes
import Hummingbird

extension TrustedProxies {
    /// The address of the client behind a request, for per-client limits and audit records.
    ///
    /// The TCP peer, unless the peer is a trusted proxy: then the right-most address in
    /// `X-Forwarded-For` that is not itself a trusted proxy (the left-most, when all are), as only
    /// the entries the trusted proxies appended can be believed; anything left of them is whatever
    /// the client chose to send. `Forwarded: for=` (RFC 7239) is read the same way, when there is
    /// no `X-Forwarded-For`. A hop that cannot be read (`unknown`, an obfuscated name, garbage)
    /// before an untrusted address is found means the chain cannot be relied on: the peer is used.
    ///
    /// Addresses come back in one canonical spelling (IPv4-mapped IPv6 as IPv4, IPv6 as RFC 5952
    /// writes it), so that one client has one rate-limit bucket. `nil` only when there is no peer.
    public func clientAddress(peer: String?, headers: HTTPFields) -> String? {
        guard let peer else { return nil }
        guard let peerAddress = IPAddress(peer) else { return peer }
        guard trusts(peerAddress), let hops = forwardedHops(in: headers) else { return peerAddress.description }
        var client = peerAddress
        for hop in hops.reversed() {
            guard let hop else { return peerAddress.description }
            client = hop
            if !trusts(hop) { break }
        }
        return client.description
    }
}

extension ServiceRequestContext {
    /// The client's address as `proxies.clientAddress(peer:headers:)` finds it: pass
    /// `environment.configuration.trustedProxies`.
    public func clientAddress(of request: Request, trusting proxies: TrustedProxies) -> String? {
        proxies.clientAddress(peer: peerAddress, headers: request.headers)
    }
}

private let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
private let forwarded = HTTPField.Name("Forwarded")!

/// The addresses the proxies recorded, nearest the client first; `nil` for a hop that cannot be
/// read. `nil` altogether when neither header was sent. Several header lines form one list.
private func forwardedHops(in headers: HTTPFields) -> [IPAddress?]? {
    let forwardedFor = headers[values: xForwardedFor]
    if !forwardedFor.isEmpty {
        return nonEmptyElements(forwardedFor.joined(separator: ","), separator: ",").map(forwardedNode)
    }
    let standard = headers[values: forwarded]
    if !standard.isEmpty {
        return nonEmptyElements(standard.joined(separator: ","), separator: ",").map(forwardedForParameter)
    }
    return nil
}

/// The `for=` node of one `Forwarded` element (`for=192.0.2.60;proto=http`, `for="[2001:db8::1]:4711"`).
private func forwardedForParameter(_ element: Substring) -> IPAddress? {
    for pair in nonEmptyElements(element, separator: ";") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "for" else { continue }
        var value = Substring(parts[1].trimmingCharacters(in: .whitespaces))
        if value.hasPrefix("\"") {
            guard value.count >= 2, value.hasSuffix("\"") else { return nil }
            value = Substring(value.dropFirst().dropLast().replacingOccurrences(of: "\\", with: ""))
        }
        return forwardedNode(value)
    }
    return nil
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]`,
/// `[2001:db8::1]:4711`. Anything else (`unknown`, `_hidden`) is `nil`.
private func forwardedNode(_ text: Substring) -> IPAddress? {
    let node = Substring(text.trimmingCharacters(in: .whitespaces))
    if node.hasPrefix("[") {
        guard let close = node.firstIndex(of: "]") else { return nil }
        let port = node[node.index(after: close)...]
        guard port.isEmpty || isPort(port) else { return nil }
        return IPAddress(node[node.index(after: node.startIndex)..<close])
    }
    if node.filter({ $0 == ":" }).count == 1, let colon = node.firstIndex(of: ":") {
        guard isPort(node[colon...]), let address = IPAddress(node[..<colon]), address.isIPv4 else { return nil }
        return address
    }
    return IPAddress(node)
}

/// `:4711`
private func isPort(_ text: Substring) -> Bool {
    text.hasPrefix(":") && (2...6).contains(text.count) && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
}

/// `text` split at `separator` outside double quotes, blank elements dropped (RFC 9110 §5.6.1).
private func nonEmptyElements(_ text: some StringProtocol, separator: Character) -> [Substring] {
    let text = Substring(text)
    var elements: [Substring] = []
    var start = text.startIndex
    var quoted = false
    var escaped = false
    for index in text.indices {
        let character = text[index]
        if escaped { escaped = false; continue }
        if quoted, character == "\\" { escaped = true; continue }
        if character == "\"" { quoted.toggle(); continue }
        if !quoted, character == separator {
            elements.append(text[start..<index])
            start = text.index(after: index)
        }
    }
    elements.append(text[start...])
    return elements.filter { !$0.allSatisfy(\.isWhitespace) }
}
