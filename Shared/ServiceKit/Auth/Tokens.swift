import Contracts
import Foundation
import JWTKit

/// Who is acting, as established from a verified token.
public struct Principal: Sendable, Equatable {
    public var role: Role
    public var subject: String
    public var district: String
    /// Set for street staff (and anyone else scoped to one street).
    public var street: String?
    /// Set for a responsible unit's accounts.
    public var unit: String?

    public init(role: Role, subject: String, district: String, street: String? = nil, unit: String? = nil) {
        self.role = role
        self.subject = subject
        self.district = district
        self.street = street
        self.unit = unit
    }
}

/// The claims of a Youyue token: standard registered claims plus role and scope.
public struct TokenClaims: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var role: Role
    public var district: String
    public var street: String?
    public var unit: String?
    public var iss: IssuerClaim
    public var aud: AudienceClaim
    public var exp: ExpirationClaim
    public var iat: IssuedAtClaim

    public init(principal: Principal, issuer: String, audience: String, issuedAt: Date, expiresAt: Date) {
        sub = SubjectClaim(value: principal.subject)
        role = principal.role
        district = principal.district
        street = principal.street
        unit = principal.unit
        iss = IssuerClaim(value: issuer)
        aud = AudienceClaim(value: [audience])
        exp = ExpirationClaim(value: expiresAt)
        iat = IssuedAtClaim(value: issuedAt)
    }

    /// Expiry only: issuer and audience depend on configuration, so `TokenAuthority` checks them.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }

    public var principal: Principal {
        Principal(role: role, subject: sub.value, district: district, street: street, unit: unit)
    }
}

/// Why a token was refused. Deliberately coarse: callers answer 401 for all of them.
public enum TokenRejection: Error, Equatable, Sendable {
    /// Not a JWT, or its claims do not decode (unknown role, missing district, …).
    case malformed
    case badSignature
    case expired
    case wrongIssuer
    case wrongAudience
    /// Issued later than now by more than the allowed clock skew: minted by a clock that is wrong,
    /// or by someone stretching a token's life beyond what its issuer meant.
    case issuedInFuture
}

/// Mints and verifies HS256 JWTs, so other agencies' software can use the same tokens.
public struct TokenAuthority: Sendable {
    public static let minimumSecretBytes = 32

    public let issuer: String
    public let audience: String
    private let keys: JWTKeyCollection

    /// The secret must have at least 32 bytes (RFC 7518 §3.2); `ServiceConfiguration` rejects
    /// shorter ones with a readable error, so a short one here is a programming error. Signing with
    /// a guessable key is worse than stopping.
    public init(secret: String, issuer: String = "youyue", audience: String = "youyue") async {
        let secretBytes = Array(secret.utf8)
        precondition(secretBytes.count >= Self.minimumSecretBytes,
                     "JWT secret has \(secretBytes.count) bytes; HS256 needs at least \(Self.minimumSecretBytes)")
        self.issuer = issuer
        self.audience = audience
        self.keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secretBytes), digestAlgorithm: .sha256)
    }

    /// A token for `principal`, valid for `lifetime` seconds from `now`.
    public func mint(_ principal: Principal, lifetime: TimeInterval, now: Date = Date()) async throws -> String {
        let claims = TokenClaims(
            principal: principal,
            issuer: issuer,
            audience: audience,
            issuedAt: now,
            expiresAt: now.addingTimeInterval(lifetime)
        )
        return try await keys.sign(claims)
    }

    public func mint(_ principal: Principal, lifetime: Duration, now: Date = Date()) async throws -> String {
        try await mint(principal, lifetime: lifetime.timeInterval, now: now)
    }

    /// How far ahead of this server's clock a token's `iat` may be: clocks of the issuing and the
    /// verifying machine drift a little apart.
    public static let allowedClockSkew: TimeInterval = 60

    /// Checks signature, expiry, issuer, audience and issue time, in that order. `now` is what the
    /// issue time is checked against (JWTKit checks expiry against the system clock).
    public func verify(_ token: String, now: Date = Date()) async throws(TokenRejection) -> Principal {
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch let error as JWTError {
            throw Self.rejection(for: error)
        } catch {
            // Undecodable base64 in the signature and the like.
            throw .malformed
        }
        guard claims.iss.value == issuer else { throw .wrongIssuer }
        guard claims.aud.value.contains(audience) else { throw .wrongAudience }
        guard claims.iat.value <= now.addingTimeInterval(Self.allowedClockSkew) else { throw .issuedInFuture }
        return claims.principal
    }

    private static func rejection(for error: JWTError) -> TokenRejection {
        switch error.errorType {
        case .signatureVerificationFailed:
            return .badSignature
        case .claimVerificationFailure where error.failedClaim is ExpirationClaim:
            return .expired
        default:
            return .malformed
        }
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, keeping the sub-second part.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
