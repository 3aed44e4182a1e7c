import Contracts
import Foundation

/// The claims of a Youyue token (RFC 7519 registered claims plus role and scope), as JSON.
/// Times are whole seconds since 1970 (`NumericDate`).
public struct TokenClaims: Codable, Equatable, Sendable {
    public var sub: String
    public var role: Role
    public var district: String
    public var street: String?
    public var unit: String?
    public var iss: String
    public var aud: Audience
    public var exp: Int64
    public var iat: Int64

    public init(principal: Principal, issuer: String, audience: String, issuedAt: Date, expiresAt: Date) {
        sub = principal.subject
        role = principal.role
        district = principal.district
        street = principal.street
        unit = principal.unit
        iss = issuer
        aud = Audience([audience])
        exp = Int64(expiresAt.timeIntervalSince1970.rounded(.down))
        iat = Int64(issuedAt.timeIntervalSince1970.rounded(.down))
    }

    public var principal: Principal {
        Principal(role: role, subject: sub, district: district, street: street, unit: unit)
    }
}

/// `aud`: one string or an array of them (RFC 7519 §4.1.3); written as a string when there is one.
public struct Audience: Codable, Equatable, Sendable {
    public var values: [String]

    public init(_ values: [String]) {
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            values = [one]
        } else {
            values = try container.decode([String].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }
}
