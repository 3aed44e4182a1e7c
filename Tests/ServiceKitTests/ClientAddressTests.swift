import Foundation
import HTTPTypes
import ServiceKit
import Testing
import TestSupport

/// Who the client is behind a reverse proxy: addresses, CIDR blocks, and the forwarding headers,
/// believed only from a trusted peer.
@Suite("Client address behind a proxy")
struct ClientAddressTests {
    @Test("addresses are read strictly and written in one spelling", arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:db8::0:1", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("::", "::"),
        ("::1", "::1"),
        ("fe80::", "fe80::"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("::FFFF:c000:0201", "192.0.2.1"),
        ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),
    ])
    func addressSpelling(text: String, canonical: String) {
        #expect(IPAddress(text)?.description == canonical)
    }

    @Test("malformed addresses are refused", arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1.2.3.4 ", "１.2.3.4", "a.b.c.d",
        "1::2::3", ":::", "1:::2", "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
        "fe80::1%eth0", "::1.2.3", "1.2.3.4::", "[::1]", "unknown",
    ])
    func malformedAddresses(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("CIDR blocks contain what they should, IPv4 and IPv6 apart")
    func networks() throws {
        let private10 = try #require(IPNetwork("10.0.0.0/8"))
        #expect(private10.contains(try #require(IPAddress("10.255.3.4"))))
        #expect(!private10.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(private10.contains(try #require(IPAddress("::ffff:10.1.2.3"))))
        let odd = try #require(IPNetwork("172.16.0.0/12"))
        #expect(odd.contains(try #require(IPAddress("172.31.255.255"))))
        #expect(!odd.contains(try #require(IPAddress("172.32.0.0"))))
        let uniqueLocal = try #require(IPNetwork("fd00::/8"))
        #expect(uniqueLocal.contains(try #require(IPAddress("fd12:3456::1"))))
        #expect(!uniqueLocal.contains(try #require(IPAddress("fe80::1"))))
        #expect(!uniqueLocal.contains(try #require(IPAddress("10.0.0.1"))))
        #expect(!(try #require(IPNetwork("::/0"))).contains(try #require(IPAddress("192.0.2.1"))))
        #expect((try #require(IPNetwork("0.0.0.0/0"))).contains(try #require(IPAddress("192.0.2.1"))))
        let host = try #require(IPNetwork(" 192.0.2.7 "))
        #expect(host.description == "192.0.2.7/32")
        #expect(!host.contains(try #require(IPAddress("192.0.2.8"))))
        #expect(IPNetwork("2001:db8::1")?.description == "2001:db8::1/128")
    }

    @Test("malformed CIDR blocks are refused", arguments: [
        "10.0.0.1/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "/8", "fd00::/129", "fd00::1/8",
        "10.0.0.0/ 8", "10.0.0.0/08x", "example.org/24",
    ])
    func malformedNetworks(text: String) {
        #expect(IPNetwork(text) == nil)
    }

    @Test("YOUYUE_TRUSTED_PROXIES: empty by default; CIDRs of both families; a bad entry stops startup naming it")
    func configuration() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let none = try ServiceConfiguration(service: .intake, environment: ["YOUYUE_DATA_DIR": folder])
        #expect(none.trustedProxies == .none)
        let set = try ServiceConfiguration(service: .intake, environment: [
            "YOUYUE_DATA_DIR": folder, "YOUYUE_TRUSTED_PROXIES": " 10.0.0.0/8, fd00::/8 ,,192.0.2.7",
        ])
        #expect(set.trustedProxies.networks.map(\.description) == ["10.0.0.0/8", "fd00::/8", "192.0.2.7/32"])
        #expect {
            try ServiceConfiguration(service: .intake, environment: ["YOUYUE_DATA_DIR": folder, "YOUYUE_TRUSTED_PROXIES": "10.0.0.0/8,10.0.0.1/24"])
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.variable == "YOUYUE_TRUSTED_PROXIES" && error?.value == "10.0.0.1/24"
                && "\(error!)".contains("YOUYUE_TRUSTED_PROXIES=\"10.0.0.1/24\" is invalid")
        }
    }

    static let proxies = try! TrustedProxies(list: "10.0.0.0/8,fd00::/8")

    static func client(peer: String?, _ headers: [(String, String)]) -> String? {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return proxies.clientAddress(peer: peer, headers: fields)
    }

    @Test("an untrusted peer is the client, whatever it says it forwards")
    func untrustedPeer() {
        #expect(Self.client(peer: "203.0.113.9", [("X-Forwarded-For", "198.51.100.1")]) == "203.0.113.9")
        #expect(Self.client(peer: "203.0.113.9", [("Forwarded", "for=198.51.100.1")]) == "203.0.113.9")
        #expect(Self.client(peer: "2001:db8::9", [("X-Forwarded-For", "198.51.100.1")]) == "2001:db8::9")
        #expect(TrustedProxies.none.clientAddress(peer: "10.0.0.2", headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.1"]) == "10.0.0.2")
        #expect(Self.client(peer: nil, [("X-Forwarded-For", "198.51.100.1")]) == nil)
    }

    @Test("from a trusted peer, the right-most address that is not a trusted proxy", arguments: [
        // One proxy.
        ("10.0.0.2", "X-Forwarded-For", "198.51.100.1", "198.51.100.1"),
        // What the client sent itself stands left of what the proxy appended, and is not believed.
        ("10.0.0.2", "X-Forwarded-For", "192.0.2.66, 198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "X-Forwarded-For", "garbage, ;;, 198.51.100.1", "198.51.100.1"),
        // Two proxies in a row, both trusted.
        ("10.0.0.2", "X-Forwarded-For", "192.0.2.66, 198.51.100.1, 10.0.0.3", "198.51.100.1"),
        // Everybody trusted: the one furthest away.
        ("10.0.0.2", "X-Forwarded-For", "10.9.9.9, 10.0.0.3", "10.9.9.9"),
        // Ports, brackets, IPv6, a dual-stack peer, empty list elements.
        ("10.0.0.2", "X-Forwarded-For", "198.51.100.1:4711", "198.51.100.1"),
        ("10.0.0.2", "X-Forwarded-For", "[2001:DB8::1]:443", "2001:db8::1"),
        ("10.0.0.2", "X-Forwarded-For", "2001:db8::1, , ", "2001:db8::1"),
        ("fd00::2", "X-Forwarded-For", "198.51.100.1", "198.51.100.1"),
        ("::ffff:10.0.0.2", "X-Forwarded-For", "::ffff:198.51.100.1", "198.51.100.1"),
        // RFC 7239.
        ("10.0.0.2", "Forwarded", "for=198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "Forwarded", #"for=192.0.2.66, FOR="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.3"#, "2001:db8:cafe::17"),
        ("10.0.0.2", "Forwarded", #"for="_evil,;", for=198.51.100.1;by=10.0.0.2"#, "198.51.100.1"),
    ])
    func trustedPeer(peer: String, header: String, value: String, client: String) {
        #expect(Self.client(peer: peer, [(header, value)]) == client)
    }

    @Test("a hop nobody can read, or no header at all: the trusted peer itself", arguments: [
        ("X-Forwarded-For", "198.51.100.1, unknown"),
        ("X-Forwarded-For", "198.51.100.1, 300.1.1.1"),
        ("X-Forwarded-For", "198.51.100.1:http"),
        ("X-Forwarded-For", "[2001:db8::1"),
        ("X-Forwarded-For", "198.51.100.1, 10.0.0.3:99999999"),
        ("X-Forwarded-For", ""),
        ("Forwarded", "for=unknown"),
        ("Forwarded", "for=_hidden"),
        ("Forwarded", #"for="[2001:db8::1]"#),
        ("Forwarded", "proto=https"),
        ("Forwarded", "for"),
        ("X-Real-IP", "198.51.100.1"),
    ])
    func unreadable(header: String, value: String) {
        #expect(Self.client(peer: "10.0.0.2", [(header, value)]) == "10.0.0.2")
    }

    @Test("several header lines are one list; X-Forwarded-For wins over Forwarded")
    func severalLines() {
        #expect(Self.client(peer: "10.0.0.2", [("X-Forwarded-For", "192.0.2.66"), ("X-Forwarded-For", "198.51.100.1")]) == "198.51.100.1")
        #expect(Self.client(peer: "10.0.0.2", [("Forwarded", "for=198.51.100.7"), ("X-Forwarded-For", "198.51.100.1")]) == "198.51.100.1")
    }
}
