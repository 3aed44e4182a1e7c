import Foundation

/// The reverse proxies (`YOUYUE_TRUSTED_PROXIES`) whose `X-Forwarded-For` / `Forwarded` headers
/// say who the client is. Empty, the default: nobody's, the TCP peer is the client.
public struct TrustedProxies: Sendable, Equatable {
    public let networks: [IPNetwork]

    public static let none = TrustedProxies(networks: [])

    public init(networks: [IPNetwork]) {
        self.networks = networks
    }

    /// `10.0.0.0/8, fd00::/8, 192.0.2.7`: CIDR blocks or single addresses, separated by commas;
    /// the empty text is `none`. Throws the configuration error naming the first entry it cannot read.
    public init(list text: String, variable: String = "YOUYUE_TRUSTED_PROXIES") throws {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        networks = try entries.map { entry in
            guard let network = IPNetwork(entry) else {
                throw ConfigurationError(variable: variable, value: entry, expected:
                    "comma-separated IPv4 or IPv6 CIDR blocks with the host bits zero, e.g. 10.0.0.0/8,fd00::/8 (or single addresses)")
            }
            return network
        }
    }

    public func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }
}
